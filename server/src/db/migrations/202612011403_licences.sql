-- 电子证照库: every issued licence version, signed by its department's seal, with its life as events.
CREATE TABLE licences (
  id uuid PRIMARY KEY,
  -- 电子证照标识 (GB/T 36904 reading, see README): type code + issuer code + serial + version + check.
  identifier text NOT NULL UNIQUE,
  -- 证照编号 printed on the face; the same across versions of one licence.
  number text NOT NULL,
  version integer NOT NULL,
  root_id uuid NOT NULL,
  previous_id uuid REFERENCES licences (id),
  type_id integer NOT NULL REFERENCES licence_types (id),
  holder_user_id integer REFERENCES users (id),
  holder_name text NOT NULL,
  holder_code text NOT NULL,
  -- 持证主体代码类型: 111 公民身份号码, 001 统一社会信用代码.
  holder_code_type text NOT NULL CHECK (holder_code_type IN ('111', '001')),
  issuer_department_id integer NOT NULL REFERENCES departments (id),
  case_id uuid REFERENCES cases (id),
  data jsonb NOT NULL,
  issued_on date NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'superseded', 'suspended', 'cancelled', 'revoked')),
  status_reason text,
  status_changed_at timestamptz,
  seal_id integer NOT NULL REFERENCES department_seals (id),
  signed_at timestamptz NOT NULL,
  -- The exact bytes signed (canonical JSON, UTF-8) and the SM2 signatures (DER) over them and the PDF.
  signed_data bytea NOT NULL,
  data_signature bytea NOT NULL,
  pdf bytea NOT NULL,
  pdf_sm3 bytea NOT NULL,
  pdf_signature bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licences_holder ON licences (holder_code, type_id);
CREATE INDEX licences_number ON licences (number);
CREATE INDEX licences_pdf_sm3 ON licences (pdf_sm3);
CREATE INDEX licences_case ON licences (case_id);

CREATE TABLE licence_serials (
  issuer_department_id integer NOT NULL REFERENCES departments (id),
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (issuer_department_id, day)
);

-- 证照生命周期: issued, changed (变更), renewed (延续), suspended (中止), resumed, cancelled (注销),
-- revoked (吊销), expired; each with who, when and why.
CREATE TABLE licence_events (
  id bigserial PRIMARY KEY,
  licence_id uuid NOT NULL REFERENCES licences (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  action text NOT NULL,
  reason text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX licence_events_licence ON licence_events (licence_id, id);
