-- Digital certificates (SM2) issued to users: a legal-person applicant's certificate is its
-- enterprise's; staff, key holders and experts hold personal ones. The private key never reaches
-- the server: the holder's client makes the key pair and sends the public key.
CREATE TABLE trading_certificates (
  id serial PRIMARY KEY,
  serial text NOT NULL UNIQUE,
  user_id integer NOT NULL REFERENCES users (id),
  enterprise_id integer REFERENCES trading_enterprises (id),
  subject text NOT NULL,
  public_key text NOT NULL,
  issuer text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  ca_signature text NOT NULL,
  revoked_at timestamptz,
  revoke_reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trading_certificates_user_idx ON trading_certificates (user_id, not_after DESC);
