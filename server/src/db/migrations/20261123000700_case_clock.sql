-- The legal clock of a case: limits with their units, stops (补正, 特别程序), extensions (延期), and
-- the dates that the supervision light is computed from in SQL.
ALTER TABLE cases
  ADD COLUMN promised_limit_unit text NOT NULL DEFAULT 'workday'
    CHECK (promised_limit_unit IN ('workday', 'natural_day', 'hour', 'on_the_spot')),
  ADD COLUMN legal_limit_unit text NOT NULL DEFAULT 'workday'
    CHECK (legal_limit_unit IN ('workday', 'natural_day', 'hour', 'on_the_spot')),
  -- Most an extension may add, by the item's rule (Administrative Licensing Law art. 42: +10).
  ADD COLUMN max_extension_workdays integer NOT NULL DEFAULT 10,
  -- The promised deadline as first computed at acceptance, before stops and extensions.
  ADD COLUMN base_due_date date,
  ADD COLUMN legal_due_date date,
  ADD COLUMN due_at timestamptz,
  ADD COLUMN stopped_workdays integer NOT NULL DEFAULT 0 CHECK (stopped_workdays >= 0),
  ADD COLUMN extension_workdays integer NOT NULL DEFAULT 0 CHECK (extension_workdays >= 0),
  ADD COLUMN clock_stopped boolean NOT NULL DEFAULT false,
  -- First day the light turns yellow.
  ADD COLUMN warn_date date;

-- Lists and dashboards of running clocks read these, never the whole table.
CREATE INDEX cases_running_due_idx ON cases (due_date) WHERE status = 'accepted';
CREATE INDEX cases_running_department_due_idx ON cases (department_id, due_date) WHERE status = 'accepted';

CREATE TABLE case_clock_stops (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  -- correction = 补正 (waiting for the applicant); the others are 特别程序 (art. 45)
  kind text NOT NULL CHECK (kind IN ('correction', 'hearing', 'testing', 'expert_review', 'inspection', 'other')),
  reason text NOT NULL,
  started_at timestamptz NOT NULL,
  started_by integer NOT NULL REFERENCES users (id),
  ended_at timestamptz,
  ended_by integer REFERENCES users (id),
  -- Working days the deadline moved when this stop ended.
  workdays integer,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- At most one open stop per case.
CREATE UNIQUE INDEX case_clock_stops_open_idx ON case_clock_stops (case_id) WHERE ended_at IS NULL;

CREATE TABLE case_extensions (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  workdays integer NOT NULL CHECK (workdays > 0),
  reason text NOT NULL,
  requested_by integer NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by integer REFERENCES users (id),
  decided_at timestamptz,
  decision_note text
);
CREATE UNIQUE INDEX case_extensions_pending_idx ON case_extensions (case_id) WHERE status = 'pending';
