-- 全程代办: an agent acts for an applicant only under a recorded, revocable authorisation.
CREATE TABLE agent_authorisations (
  id serial PRIMARY KEY,
  agent_id integer NOT NULL REFERENCES users (id),
  applicant_id integer NOT NULL REFERENCES users (id),
  -- What the agent may do: apply, answer corrections, receive results.
  scope text[] NOT NULL CHECK (cardinality(scope) > 0),
  scope_note text NOT NULL DEFAULT '',
  valid_from date NOT NULL,
  valid_until date NOT NULL CHECK (valid_until >= valid_from),
  -- The signed 委托书: stored file, its type and SHA-256.
  letter_path text NOT NULL,
  letter_mime text NOT NULL,
  letter_sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoke_reason text
);
CREATE INDEX agent_authorisations_agent_idx ON agent_authorisations (agent_id);
CREATE INDEX agent_authorisations_applicant_idx ON agent_authorisations (applicant_id);
-- Every step an agent takes: "agent X for applicant Y".
CREATE TABLE agent_steps (
  id bigserial PRIMARY KEY,
  authorisation_id integer NOT NULL REFERENCES agent_authorisations (id),
  agent_id integer NOT NULL REFERENCES users (id),
  applicant_id integer NOT NULL REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  summary text NOT NULL,
  joint_application_id uuid REFERENCES joint_applications (id)
);
CREATE INDEX agent_steps_applicant_idx ON agent_steps (applicant_id, id);
ALTER TABLE joint_applications ADD CONSTRAINT joint_applications_authorisation_fkey FOREIGN KEY (authorisation_id) REFERENCES agent_authorisations (id);
