-- 等保 level 3 (GB/T 22239-2019) for staff accounts: a second factor (TOTP, RFC 6238) with
-- one-time recovery codes, a password history, and sessions that can be listed and ended.
ALTER TABLE users
  ADD COLUMN totp_secret text,
  -- A secret shown for enrolment but not yet confirmed by a code.
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  -- The last time step accepted: a code is never accepted twice.
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN password_changed_at timestamptz;

CREATE TABLE recovery_codes (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the code: a leaked table yields no usable codes.
  code_hash bytea NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

-- The last passwords of each user (scrypt hashes), so a change cannot go back to one of them.
CREATE TABLE password_history (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_user_idx ON password_history (user_id, changed_at DESC);

-- A password accepted, the second factor still to come: the login answers a challenge, not a session.
CREATE TABLE login_challenges (
  token_hash bytea PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0
);

-- Sessions get a handle to list and end them by, and what the owner needs to recognise them.
ALTER TABLE sessions
  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  ADD COLUMN ip text,
  ADD COLUMN user_agent text,
  -- A staff member who must enrol in two-factor and has not: only the enrolment routes answer.
  ADD COLUMN must_enrol boolean NOT NULL DEFAULT false;

INSERT INTO settings (key, value) VALUES ('security', '{"staffTwoFactorRequired": false}') ON CONFLICT DO NOTHING;
