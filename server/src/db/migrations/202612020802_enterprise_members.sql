-- 法定代表人 and 经办人: the people who act for an enterprise account. A removed 经办人 keeps the
-- row (removed_at) so the cases they filed still name them.
CREATE TABLE enterprise_members (
  id serial PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES users (id),
  person_id integer NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('legal_rep', 'handler')),
  added_by integer REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_by integer REFERENCES users (id),
  removed_at timestamptz
);
CREATE UNIQUE INDEX enterprise_members_active ON enterprise_members (enterprise_id, person_id) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX enterprise_members_one_rep ON enterprise_members (enterprise_id) WHERE removed_at IS NULL AND role = 'legal_rep';
CREATE INDEX enterprise_members_person ON enterprise_members (person_id) WHERE removed_at IS NULL;
