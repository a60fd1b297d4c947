-- Cases (办件) and their timeline: every state change writes one event row in the same transaction.
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  query_code text NOT NULL,
  item_id integer NOT NULL REFERENCES service_items (id),
  department_id integer NOT NULL REFERENCES departments (id),
  centre_id integer NOT NULL REFERENCES centres (id),
  region_code char(6) NOT NULL REFERENCES regions (code),
  applicant_id integer NOT NULL REFERENCES users (id),
  channel text NOT NULL CHECK (channel IN ('online', 'window')),
  status text NOT NULL CHECK (status IN ('submitted', 'correction_required', 'accepted', 'refused',
    'approved', 'denied', 'completed', 'withdrawn')),
  form_data jsonb NOT NULL DEFAULT '{}',
  promised_limit_days integer NOT NULL,
  legal_limit_days integer,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  due_date date,
  due_provisional boolean NOT NULL DEFAULT false,
  decided_at timestamptz,
  decision_reason text,
  completed_at timestamptz,
  event_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_applicant_idx ON cases (applicant_id, submitted_at DESC);
CREATE INDEX cases_department_status_idx ON cases (department_id, status);
CREATE INDEX cases_centre_status_idx ON cases (centre_id, status);

CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  seq integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  actor_role text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}',
  UNIQUE (case_id, seq)
);

-- Daily sequence per region for human-readable application numbers.
CREATE TABLE case_number_sequences (
  region_code char(6) NOT NULL,
  day date NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (region_code, day)
);
