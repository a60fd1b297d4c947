-- 实施编码 history: a code an item carried before 下放 or 承接 regenerated it; looking the old code
-- up still finds the item.
CREATE TABLE service_item_codes (
  code text PRIMARY KEY,
  item_id integer NOT NULL REFERENCES service_items (id),
  replaced_by text NOT NULL,
  action text NOT NULL CHECK (action IN ('delegate', 'take_over')),
  replaced_at timestamptz NOT NULL DEFAULT clock_now()
);
CREATE INDEX service_item_codes_item_idx ON service_item_codes (item_id);
