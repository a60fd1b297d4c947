-- Browsing by life event / enterprise theme, and search by Chinese, full pinyin or initials: the
-- application writes search_text (name, code, pinyin, initials) whenever it saves an item.
ALTER TABLE service_items
  ADD COLUMN themes text[] NOT NULL DEFAULT '{}',
  ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE INDEX service_items_status_department_idx ON service_items (status, department_id);
CREATE INDEX service_items_themes_idx ON service_items USING gin (themes);
