-- A minimal service item (事项); the catalogue issue grows it to the national standard.
CREATE TABLE service_items (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  department_id integer NOT NULL REFERENCES departments (id),
  -- 即办件 (immediate, decided on the spot) or 承诺件 (promised within N working days)
  kind text NOT NULL CHECK (kind IN ('immediate', 'promised')),
  legal_limit_days integer CHECK (legal_limit_days >= 0),
  promised_limit_days integer NOT NULL CHECK (promised_limit_days >= 0),
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'suspended', 'cancelled')),
  description text NOT NULL DEFAULT '',
  -- The application form: [{ key, label, type, required, options? }]
  form_fields jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (legal_limit_days IS NULL OR promised_limit_days <= legal_limit_days)
);
CREATE INDEX service_items_department_idx ON service_items (department_id);
