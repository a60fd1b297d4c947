-- 相对集中行政许可权: where the city moved licensing powers to a 行政审批局, decisions on those
-- departments' 行政许可 items are made, numbered and sealed in the bureau's name.
CREATE TABLE centre_decision_settings (
  centre_id integer PRIMARY KEY REFERENCES centres (id),
  approval_bureau_id integer REFERENCES departments (id),
  concentrated_department_ids integer[] NOT NULL DEFAULT '{}',
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
