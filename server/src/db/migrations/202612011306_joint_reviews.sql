-- 联合图审 / 联合验收: one joint record with each department's opinion and sign-off.
CREATE TABLE joint_reviews (
  id serial PRIMARY KEY,
  project_id integer NOT NULL REFERENCES projects (id),
  kind text NOT NULL CHECK (kind IN ('drawing_review', 'completion_acceptance')),
  title text NOT NULL,
  held_on date NOT NULL,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE TABLE joint_review_opinions (
  review_id integer NOT NULL REFERENCES joint_reviews (id),
  department_id integer NOT NULL REFERENCES departments (id),
  conclusion text CHECK (conclusion IN ('pass', 'pass_with_conditions', 'fail')),
  opinion text,
  signed_by integer REFERENCES users (id),
  signed_at timestamptz,
  PRIMARY KEY (review_id, department_id)
);
