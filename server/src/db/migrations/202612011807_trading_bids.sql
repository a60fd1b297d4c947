-- Sealed bids: only ciphertext, the content key sealed to the bidder's own certificate key, and
-- the bidder's signature are kept until the opening; price and contents exist here only after the
-- bidder decrypts at the opening.
CREATE TABLE trading_bids (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  lot_id integer NOT NULL REFERENCES trading_lots (id),
  enterprise_id integer NOT NULL REFERENCES trading_enterprises (id),
  certificate_id integer NOT NULL REFERENCES trading_certificates (id),
  status text NOT NULL DEFAULT 'sealed' CHECK (status IN ('sealed', 'withdrawn', 'replaced', 'decrypted', 'undecryptable')),
  ciphertext bytea NOT NULL,
  iv text NOT NULL,
  sealed_key text NOT NULL,
  ciphertext_sm3 text NOT NULL,
  plaintext_sm3 text NOT NULL,
  signature text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  ip text NOT NULL,
  closed_at timestamptz,
  price numeric(16, 2),
  duration_days integer,
  content jsonb
);
CREATE UNIQUE INDEX trading_bids_one_live_idx ON trading_bids (lot_id, enterprise_id) WHERE status = 'sealed';
CREATE INDEX trading_bids_project_idx ON trading_bids (project_id);
