-- Materials (申请材料) attached to a case: stored under a random name, typed by content.
CREATE TABLE case_materials (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  name text NOT NULL,
  -- The uploader's file name, cleaned, for display only; never used as a path.
  original_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'application/ofd')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sm3 bytea NOT NULL,
  uploaded_by integer NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  -- The clerk's check against the item's list.
  verdict text NOT NULL DEFAULT 'unchecked' CHECK (verdict IN ('unchecked', 'ok', 'missing', 'wrong', 'expired')),
  verdict_note text,
  checked_by integer REFERENCES users (id),
  checked_at timestamptz
);
CREATE INDEX case_materials_case_idx ON case_materials (case_id);
