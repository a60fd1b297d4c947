-- 通办 list (跨区域通办事项清单): items any centre may accept for the item's own region (收受分离).
CREATE TABLE tongban_items (
  item_id integer PRIMARY KEY REFERENCES service_items (id),
  added_by integer REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now()
);
