-- 联办事项 (一件事 / 一表通): several items of several departments applied for with one form.
CREATE TABLE bundles (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- bundle: an 一件事 for citizens or enterprises; stage: one stage of a construction project.
  kind text NOT NULL DEFAULT 'bundle' CHECK (kind IN ('bundle', 'stage')),
  stage_no integer CHECK (stage_no BETWEEN 1 AND 4),
  target text NOT NULL DEFAULT 'both' CHECK (target IN ('natural', 'legal', 'both')),
  -- 承诺时限 of the whole bundle in working days; art. 26/42 caps joint handling at 45 (+15).
  promised_limit_days integer NOT NULL CHECK (promised_limit_days >= 0),
  legal_limit_days integer NOT NULL DEFAULT 45,
  max_extension_workdays integer NOT NULL DEFAULT 15,
  -- 一表通: the one form; each member item's fields are mapped onto its keys.
  form_fields jsonb NOT NULL DEFAULT '[]',
  -- Combined material list: [{key, name, itemIds[]}]; a material several items need is uploaded once.
  materials jsonb NOT NULL DEFAULT '[]',
  -- 多证合一: what the unified issuance produces ('business_licence' or null).
  result_kind text,
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'stage') = (stage_no IS NOT NULL))
);

CREATE TABLE bundle_items (
  bundle_id integer NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
  item_id integer NOT NULL REFERENCES service_items (id),
  position integer NOT NULL,
  required boolean NOT NULL DEFAULT true,
  -- An optional member applies when the form's field has this value ("if the applicant sells food").
  condition_field text,
  condition_value text,
  -- {itemFieldKey: bundleFieldKey}: a field asked once feeds every item that needs it.
  field_map jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (bundle_id, item_id)
);
CREATE INDEX bundle_items_item_idx ON bundle_items (item_id);
