-- Every listed material gets a stable id (M01, M02 … in list order), in the items and in the
-- versions cases were applied under, so an upload, a check and a correction point name the material
-- itself rather than a free-text name that an edit of the list can change.
CREATE FUNCTION pg_temp.number_materials(list jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_agg(
           CASE WHEN m ? 'id' THEN m ELSE m || jsonb_build_object('id', 'M' || lpad(n::text, 2, '0')) END
           ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(list) WITH ORDINALITY AS t(m, n)
$$;
UPDATE service_items SET materials = pg_temp.number_materials(materials) WHERE jsonb_array_length(materials) > 0;
UPDATE service_item_versions
   SET snapshot = jsonb_set(snapshot, '{materials}', pg_temp.number_materials(snapshot -> 'materials'))
 WHERE jsonb_typeof(snapshot -> 'materials') = 'array' AND jsonb_array_length(snapshot -> 'materials') > 0;

-- The listed material a file answers (null for files of items that list none).
ALTER TABLE case_materials ADD COLUMN item_material_id text;
CREATE INDEX case_materials_item_material_idx ON case_materials (case_id, item_material_id);
