-- 材料核验: the clerk's verdict on each listed material of a case before acceptance.
CREATE TABLE case_material_checks (
  case_id uuid NOT NULL REFERENCES cases (id),
  material_id text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('accepted', 'defective')),
  reason text,
  verified_by integer NOT NULL REFERENCES users (id),
  verified_at timestamptz NOT NULL DEFAULT clock_now(),
  CHECK (verdict = 'accepted' OR reason IS NOT NULL),
  PRIMARY KEY (case_id, material_id)
);

-- 容缺受理: a minor material the item lets arrive after acceptance, with the date it was promised
-- for; warned once when that date passes, closed when it arrives and is verified.
CREATE TABLE case_deferred_materials (
  case_id uuid NOT NULL REFERENCES cases (id),
  material_id text NOT NULL,
  material_name text NOT NULL,
  promised_date date NOT NULL,
  recorded_by integer NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT clock_now(),
  overdue_warned_at timestamptz,
  closed_at timestamptz,
  closed_by integer REFERENCES users (id),
  PRIMARY KEY (case_id, material_id)
);
CREATE INDEX case_deferred_materials_open ON case_deferred_materials (promised_date) WHERE closed_at IS NULL;

-- 预上传: files an applicant uploads for an item's materials before submitting, so the application
-- arrives with its materials and is refused when a required one is missing. Moved to
-- case_materials (same id, same stored file) when the application is submitted.
CREATE TABLE staged_materials (
  id uuid PRIMARY KEY,
  owner_id integer NOT NULL REFERENCES users (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  item_material_id text NOT NULL,
  name text NOT NULL,
  original_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png', 'application/ofd')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sm3 bytea NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT clock_now()
);
CREATE INDEX staged_materials_owner_idx ON staged_materials (owner_id, item_id);
