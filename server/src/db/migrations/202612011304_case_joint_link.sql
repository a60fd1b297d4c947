-- A child case of a joint application (抄告相关): otherwise an ordinary case.
ALTER TABLE cases ADD COLUMN joint_application_id uuid REFERENCES joint_applications (id);
CREATE INDEX cases_joint_application_idx ON cases (joint_application_id) WHERE joint_application_id IS NOT NULL;
