-- 注册 in two steps so the first answer is the same whatever the ID number's history: the SMS code
-- (to the new phone, or to the phone on file when the number is known) carries the difference.
CREATE TABLE registration_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- new: a number nobody holds; claim: a walk-in applicant opening their online account; taken:
  -- the number already has an account (no code exists, confirming always fails).
  kind text NOT NULL CHECK (kind IN ('new', 'claim', 'taken')),
  existing_user_id integer REFERENCES users (id),
  username text NOT NULL,
  password_hash text NOT NULL,
  display_name text NOT NULL,
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('natural', 'legal')),
  identity_number text NOT NULL,
  phone text NOT NULL,
  -- SHA-256 over the request id and the code; null for 'taken'.
  code_hash bytea,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX registration_requests_expires_idx ON registration_requests (expires_at);
