-- Signing keys of the demo certificate authority and of each centre (SM2). A production install
-- replaces the local provider with an HSM or an external CA; the rows then hold only public keys.
CREATE TABLE trading_keys (
  owner text PRIMARY KEY,
  public_key text NOT NULL,
  private_key text,
  created_at timestamptz NOT NULL DEFAULT now()
);
