-- Evaluation: each expert's points per bid and criterion (or pass/fail under 经评审的最低投标价法),
-- the report each expert signs, objections (异议) and the award (中标通知书).
CREATE TABLE trading_scores (
  bid_id uuid NOT NULL REFERENCES trading_bids (id),
  expert_id integer NOT NULL REFERENCES trading_experts (id),
  criterion text NOT NULL,
  points numeric(6, 2) NOT NULL,
  scored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bid_id, expert_id, criterion)
);
CREATE TABLE trading_reports (
  id serial PRIMARY KEY,
  project_id uuid NOT NULL UNIQUE REFERENCES trading_projects (id),
  content jsonb NOT NULL,
  digest text NOT NULL,
  signatures jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE trading_objections (
  id serial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  enterprise_id integer NOT NULL REFERENCES trading_enterprises (id),
  text text NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  answer text,
  answered_at timestamptz,
  answered_by integer REFERENCES users (id)
);
CREATE TABLE trading_awards (
  id serial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  lot_id integer NOT NULL UNIQUE REFERENCES trading_lots (id),
  bid_id uuid NOT NULL REFERENCES trading_bids (id),
  enterprise_id integer NOT NULL REFERENCES trading_enterprises (id),
  price numeric(16, 2) NOT NULL,
  notice_number text NOT NULL UNIQUE,
  digest text NOT NULL,
  signature text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now()
);
