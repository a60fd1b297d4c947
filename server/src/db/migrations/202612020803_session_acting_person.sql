-- A session of an enterprise account is opened by a person (its 法定代表人 or a 经办人): removing
-- the 经办人 ends exactly their sessions.
ALTER TABLE sessions ADD COLUMN acting_person_id integer REFERENCES users (id);
CREATE INDEX sessions_acting_person ON sessions (acting_person_id) WHERE acting_person_id IS NOT NULL;
