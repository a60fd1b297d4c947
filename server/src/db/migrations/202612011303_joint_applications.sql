-- 联办件: one application for a bundle; at acceptance each member item becomes an ordinary case
-- of its department (cases.joint_application_id), decided in parallel, issued together.
CREATE SEQUENCE joint_application_numbers;
CREATE TABLE joint_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  bundle_id integer NOT NULL REFERENCES bundles (id),
  centre_id integer NOT NULL REFERENCES centres (id),
  region_code char(6) NOT NULL REFERENCES regions (code),
  applicant_id integer NOT NULL REFERENCES users (id),
  -- 代办: the agent who filed it and under which authorisation.
  agent_id integer REFERENCES users (id),
  authorisation_id integer,
  project_id integer,
  channel text NOT NULL CHECK (channel IN ('online', 'window')),
  status text NOT NULL CHECK (status IN ('submitted', 'correction_required', 'accepted', 'refused', 'completed', 'withdrawn')),
  form_data jsonb NOT NULL DEFAULT '{}',
  item_ids integer[] NOT NULL,
  priority boolean NOT NULL DEFAULT false,
  promised_limit_days integer NOT NULL,
  legal_limit_days integer NOT NULL,
  max_extension_workdays integer NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  accepted_by integer REFERENCES users (id),
  due_date date,
  legal_due_date date,
  warn_date date,
  extension_workdays integer NOT NULL DEFAULT 0,
  -- Working days the joint clock stood still for merged correction notices.
  stopped_workdays integer NOT NULL DEFAULT 0,
  completed_at timestamptz,
  issued_by integer REFERENCES users (id),
  -- 多证合一: the one result (e.g. the business licence with its 统一社会信用代码).
  result jsonb,
  refusal_reason text,
  -- The open merged correction notice (一次性告知): {openedAt, requests: [{caseId, departmentName, itemName, missing}]}.
  correction jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX joint_applications_applicant_idx ON joint_applications (applicant_id, submitted_at DESC);
CREATE INDEX joint_applications_centre_status_idx ON joint_applications (centre_id, status);
CREATE INDEX joint_applications_agent_idx ON joint_applications (agent_id) WHERE agent_id IS NOT NULL;

CREATE TABLE joint_events (
  id bigserial PRIMARY KEY,
  joint_application_id uuid NOT NULL REFERENCES joint_applications (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  actor_role text NOT NULL,
  -- Set when an agent acted: the applicant the step was taken for.
  on_behalf_of integer REFERENCES users (id),
  action text NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX joint_events_application_idx ON joint_events (joint_application_id, id);
