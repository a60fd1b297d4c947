-- 工程建设项目: the registry, with the national investment-project code
-- (年份-行政区划-行业-类型-流水号, e.g. 2026-220581-48-01-000001).
CREATE TABLE projects (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$'),
  name text NOT NULL,
  centre_id integer NOT NULL REFERENCES centres (id),
  region_code char(6) NOT NULL REFERENCES regions (code),
  owner_id integer NOT NULL REFERENCES users (id),
  owner_name text NOT NULL,
  location text NOT NULL,
  investment_wan numeric(14, 2) NOT NULL CHECK (investment_wan >= 0),
  industry_code char(2) NOT NULL,
  -- 重点项目: green channel (绿色通道 / 直通车), a named agent and the tighter target.
  key_project boolean NOT NULL DEFAULT false,
  agent_id integer REFERENCES users (id),
  -- Whole-project limit in working days (national cap 120; the city's target is tighter).
  limit_days integer NOT NULL CHECK (limit_days BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_stages (
  project_id integer NOT NULL REFERENCES projects (id),
  stage_no integer NOT NULL CHECK (stage_no BETWEEN 1 AND 4),
  bundle_id integer NOT NULL REFERENCES bundles (id),
  limit_days integer NOT NULL CHECK (limit_days >= 1),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'open', 'completed')),
  joint_application_id uuid REFERENCES joint_applications (id),
  -- 容缺: opened before the previous stage completed, on the owner's written commitment.
  commitment text,
  opened_at timestamptz,
  completed_at timestamptz,
  PRIMARY KEY (project_id, stage_no)
);
ALTER TABLE joint_applications ADD CONSTRAINT joint_applications_project_fkey FOREIGN KEY (project_id) REFERENCES projects (id);
