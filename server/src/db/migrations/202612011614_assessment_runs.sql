-- 月度考核: one run per centre and month with the scheme it used; each score keeps, per indicator,
-- the ids of the records it counted, so every figure can be traced back.
CREATE TABLE assessment_runs (
  id bigserial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  month char(7) NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  scheme jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed', 'published')),
  computed_by integer REFERENCES users (id),
  computed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by integer REFERENCES users (id),
  confirmed_at timestamptz,
  published_at timestamptz,
  UNIQUE (centre_id, month)
);

CREATE TABLE assessment_scores (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES assessment_runs (id) ON DELETE CASCADE,
  subject_type text NOT NULL CHECK (subject_type IN ('window', 'person')),
  subject_id integer NOT NULL,
  name text NOT NULL,
  department_id integer REFERENCES departments (id),
  total numeric(5, 1) NOT NULL,
  rank integer NOT NULL,
  proposed boolean NOT NULL DEFAULT false,
  awarded boolean NOT NULL DEFAULT false,
  indicators jsonb NOT NULL,
  UNIQUE (run_id, subject_type, subject_id)
);
CREATE INDEX assessment_scores_run_idx ON assessment_scores (run_id, subject_type, rank);
