-- Every published change makes a version (who, when, why, the whole item as it then stood); a case
-- keeps the version it was applied under.
CREATE TABLE service_item_versions (
  id serial PRIMARY KEY,
  item_id integer NOT NULL REFERENCES service_items (id),
  version_no integer NOT NULL CHECK (version_no > 0),
  -- publish, change, suspend, resume, cancel, delegate, take_over, import
  action text NOT NULL,
  reason text NOT NULL DEFAULT '',
  actor_id integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  snapshot jsonb NOT NULL,
  UNIQUE (item_id, version_no)
);

ALTER TABLE service_items
  ADD COLUMN current_version_id integer REFERENCES service_item_versions (id),
  -- 下放 / 承接: to whom the item was delegated down, from whom it was taken over
  ADD COLUMN delegated_to text NOT NULL DEFAULT '',
  ADD COLUMN taken_over_from text NOT NULL DEFAULT '';
