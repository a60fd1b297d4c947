-- 风险预警点 raised to the supervisor with their evidence (once per finding), the blacklist with
-- its sources, and the other cities whose signed blacklist feeds are trusted.
CREATE TABLE trading_warnings (
  id serial PRIMARY KEY,
  project_id uuid REFERENCES trading_projects (id),
  rule text NOT NULL,
  summary text NOT NULL,
  evidence jsonb NOT NULL,
  dedup_key text NOT NULL UNIQUE,
  raised_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trading_warnings_project_idx ON trading_warnings (project_id);
CREATE TABLE trading_blacklist (
  id serial PRIMARY KEY,
  credit_code text NOT NULL,
  name text NOT NULL,
  reason text NOT NULL,
  source text NOT NULL CHECK (source IN ('centre', 'court', 'other_city')),
  source_name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (credit_code, source_name, starts_on)
);
CREATE INDEX trading_blacklist_code_idx ON trading_blacklist (credit_code);
CREATE TABLE trading_partners (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  region_code text NOT NULL,
  public_key text NOT NULL
);
