-- 好差评 (State Council 2019 rules; GB/T 39734/39735): five levels, the last two are 差评.

-- The tablet at each window (评价器) holds a key the administrator issued for that window; only
-- it can read the window's current service and post its rating.
ALTER TABLE windows ADD COLUMN kiosk_key_hash bytea;

-- One service at a window (一次一评): the clerk's workbench opens it, the tablet rates it once.
CREATE TABLE window_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  window_id integer NOT NULL REFERENCES windows (id),
  clerk_id integer NOT NULL REFERENCES users (id),
  case_id uuid REFERENCES cases (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX window_services_window_idx ON window_services (window_id, started_at DESC);

CREATE TABLE ratings (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('online', 'window')),
  case_id uuid REFERENCES cases (id),
  window_service_id uuid REFERENCES window_services (id),
  -- 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  indicators jsonb NOT NULL DEFAULT '{}',
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
  item_id integer REFERENCES service_items (id),
  department_id integer REFERENCES departments (id),
  window_id integer REFERENCES windows (id),
  staff_id integer REFERENCES users (id),
  rater_id integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((channel = 'online' AND case_id IS NOT NULL AND window_service_id IS NULL)
      OR (channel = 'window' AND window_service_id IS NOT NULL))
);
-- 一事一评 online, 一次一评 at the window.
CREATE UNIQUE INDEX ratings_one_per_case_online ON ratings (case_id) WHERE channel = 'online';
CREATE UNIQUE INDEX ratings_one_per_window_service ON ratings (window_service_id) WHERE window_service_id IS NOT NULL;
CREATE INDEX ratings_department_month_idx ON ratings (department_id, created_at);

-- Every 差评 is rectified by the responsible department within a set number of working days.
CREATE TABLE rectifications (
  id bigserial PRIMARY KEY,
  rating_id bigint NOT NULL UNIQUE REFERENCES ratings (id),
  department_id integer REFERENCES departments (id),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'in_progress', 'rectified', 'cannot_rectify', 'appealed', 'invalid', 'appeal_rejected')),
  due_date date NOT NULL,
  measures text,
  callback_note text,
  callback_at timestamptz,
  fix_level smallint CHECK (fix_level BETWEEN 1 AND 5),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectifications_open_idx ON rectifications (due_date) WHERE status IN ('pending', 'in_progress');

INSERT INTO settings (key, value) VALUES ('ratings', '{"rectifyWorkdays": 5}') ON CONFLICT (key) DO NOTHING;
