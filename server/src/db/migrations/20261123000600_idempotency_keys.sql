-- Submissions carry an Idempotency-Key: a retry returns the same case, never a second one.
CREATE TABLE idempotency_keys (
  applicant_id integer NOT NULL REFERENCES users (id),
  key text NOT NULL,
  request_hash bytea NOT NULL,
  -- Inserted before its case in the same transaction, so the check waits for the commit.
  case_id uuid NOT NULL REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (applicant_id, key)
);
