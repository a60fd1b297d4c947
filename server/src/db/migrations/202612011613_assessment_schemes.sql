-- 考核细则: a centre's weighted indicators, and how many 文明窗口 / 文明之星 the monthly proposal names.
CREATE TABLE assessment_schemes (
  centre_id integer PRIMARY KEY REFERENCES centres (id),
  indicators jsonb NOT NULL,
  window_awards integer NOT NULL DEFAULT 1 CHECK (window_awards BETWEEN 0 AND 20),
  person_awards integer NOT NULL DEFAULT 2 CHECK (person_awards BETWEEN 0 AND 50),
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
