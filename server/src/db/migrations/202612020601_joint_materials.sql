-- 材料一次提交: a material several member items of a joint application need is uploaded once,
-- here; at acceptance (or when a merged correction is answered) it is attached to every child
-- case whose item lists it, so each department reads it as one of its own case's materials.
CREATE TABLE joint_materials (
  id uuid PRIMARY KEY,
  joint_application_id uuid NOT NULL REFERENCES joint_applications (id),
  name text NOT NULL,
  original_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'application/ofd')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sm3 bytea NOT NULL,
  uploaded_by integer NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX joint_materials_application_idx ON joint_materials (joint_application_id, uploaded_at);
