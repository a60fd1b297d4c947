-- 文书: every notice and decision of a case as it was sealed (受理通知书, 补正材料通知书, 不予受理
-- 决定书, 准予/不予决定书 …): the PDF exactly as handed out, the issuing organ's SM2 signatures
-- over the PDF and over the canonical content, so an uploaded copy is checked byte for byte.
CREATE TABLE case_documents (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  kind text NOT NULL,
  -- The timeline row that produced the document (a second correction notice is a second document).
  source_seq integer NOT NULL,
  title text NOT NULL,
  -- 文号: the decision series for decisions, the case number based one for notices.
  number text NOT NULL,
  issuer_department_id integer NOT NULL REFERENCES departments (id),
  issued_on date NOT NULL,
  seal_id integer NOT NULL REFERENCES department_seals (id),
  signed_at timestamptz NOT NULL,
  signed_data bytea NOT NULL,
  data_signature bytea NOT NULL,
  pdf bytea NOT NULL,
  pdf_sm3 bytea NOT NULL,
  pdf_signature bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, kind, source_seq)
);
CREATE INDEX case_documents_pdf_sm3 ON case_documents (pdf_sm3);
