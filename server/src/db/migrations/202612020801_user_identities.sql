-- 统一身份认证: which account of the identity provider (issuer + subject) a local account is, so a
-- second login finds it without the ID number, and a login in progress (state, PKCE verifier, nonce).
CREATE TABLE user_identities (
  issuer text NOT NULL,
  subject text NOT NULL CHECK (length(subject) <= 255),
  user_id integer NOT NULL REFERENCES users (id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

CREATE TABLE oidc_login_requests (
  state text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('natural', 'legal')),
  return_to text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
