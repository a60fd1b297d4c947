-- 共享调用: every read of a holder's licences by another department, with its basis.
CREATE TABLE licence_share_reads (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  reader_id integer NOT NULL REFERENCES users (id),
  reader_department_id integer REFERENCES departments (id),
  holder_code_sm3 bytea NOT NULL,
  purpose text NOT NULL,
  basis text NOT NULL CHECK (basis IN ('authorisation', 'legal')),
  basis_ref text NOT NULL,
  licence_ids uuid[] NOT NULL
);
CREATE INDEX licence_share_reads_at ON licence_share_reads (at);
