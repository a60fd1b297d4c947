-- 电子印章: each department's SM2 seal keys. The private key is stored only encrypted
-- (AES-256-GCM with the platform's seal key); the public key is published for offline checks.
CREATE TABLE department_seals (
  id serial PRIMARY KEY,
  department_id integer NOT NULL REFERENCES departments (id),
  -- 印章编码: the department's credit code + a per-department sequence.
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  public_key text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
  private_key_enc bytea NOT NULL,
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_to timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'revoked')),
  retired_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by integer REFERENCES users (id)
);
-- One active seal per department at a time: rotation retires the old one in the same transaction.
CREATE UNIQUE INDEX department_seals_one_active ON department_seals (department_id) WHERE status = 'active';
