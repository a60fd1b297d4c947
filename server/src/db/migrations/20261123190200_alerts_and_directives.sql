-- 预警: the sweep raises each light's warning once per case.
ALTER TABLE cases
  ADD COLUMN warned_yellow_at timestamptz,
  ADD COLUMN warned_red_at timestamptz;
-- The sweep reads only running cases not yet warned at a level.
CREATE INDEX cases_unwarned_yellow_idx ON cases (warn_date) WHERE status = 'accepted' AND warned_yellow_at IS NULL;
CREATE INDEX cases_unwarned_red_idx ON cases (due_date) WHERE status = 'accepted' AND warned_red_at IS NULL;

-- The head of a department receives its warnings and 督办 notices.
ALTER TABLE users ADD COLUMN heads_department boolean NOT NULL DEFAULT false;

-- 督办: a supervisor presses a department about a case (or about its work in general); the
-- department replies by a deadline in working days; a late reply escalates.
CREATE TABLE directives (
  id bigserial PRIMARY KEY,
  case_id uuid REFERENCES cases (id),
  department_id integer NOT NULL REFERENCES departments (id),
  content text NOT NULL,
  issued_by integer NOT NULL REFERENCES users (id),
  issued_at timestamptz NOT NULL,
  reply_due date NOT NULL,
  reply text,
  replied_by integer REFERENCES users (id),
  replied_at timestamptz,
  escalated_at timestamptz
);
CREATE INDEX directives_department_idx ON directives (department_id, issued_at DESC);
CREATE INDEX directives_open_idx ON directives (reply_due) WHERE replied_at IS NULL AND escalated_at IS NULL;
