-- People: applicants (natural or legal persons) and staff, with their scope.
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{3,64}$'),
  password_hash text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('applicant', 'clerk', 'reviewer', 'admin', 'supervisor')),
  applicant_kind text CHECK (applicant_kind IN ('natural', 'legal')),
  -- 居民身份证号 for natural persons, 统一社会信用代码 for legal persons
  identity_number text,
  phone text,
  region_code char(6) REFERENCES regions (code),
  centre_id integer REFERENCES centres (id),
  department_id integer REFERENCES departments (id),
  window_id integer REFERENCES windows (id),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'applicant' OR applicant_kind IS NOT NULL),
  CHECK (role <> 'reviewer' OR department_id IS NOT NULL),
  CHECK (role NOT IN ('clerk', 'admin') OR centre_id IS NOT NULL)
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie token: a leaked table does not yield usable cookies.
  token_hash bytea PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed logins, counted per username to throttle guessing across server processes.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_at_idx ON login_failures (username, at);

-- Security-relevant actions outside a case's own timeline (logins, full views of personal data).
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  action text NOT NULL,
  target_type text,
  target_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
