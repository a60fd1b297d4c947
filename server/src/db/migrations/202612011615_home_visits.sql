-- 上门服务: a request (who, where, why), triage by the centre, assignment to staff with a date, the
-- visit record, and the case(s) it produced.
CREATE TABLE home_visits (
  id bigserial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  applicant_id integer REFERENCES users (id),
  contact_name text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 100),
  contact_phone text NOT NULL CHECK (contact_phone ~ '^1[3-9][0-9]{9}$'),
  address text NOT NULL CHECK (length(address) BETWEEN 4 AND 200),
  reason text NOT NULL CHECK (reason IN ('elderly', 'disabled', 'sick', 'key_enterprise', 'other')),
  item_id integer REFERENCES service_items (id),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'declined', 'assigned', 'visited', 'closed')),
  triage_note text,
  triaged_by integer REFERENCES users (id),
  triaged_at timestamptz,
  assignee_id integer REFERENCES users (id),
  visit_date date,
  visit_record text,
  visited_at timestamptz,
  created_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX home_visits_centre_idx ON home_visits (centre_id, created_at DESC);
CREATE INDEX home_visits_assignee_idx ON home_visits (assignee_id) WHERE status = 'assigned';

CREATE TABLE home_visit_cases (
  visit_id bigint NOT NULL REFERENCES home_visits (id),
  case_id uuid NOT NULL REFERENCES cases (id),
  PRIMARY KEY (visit_id, case_id)
);
