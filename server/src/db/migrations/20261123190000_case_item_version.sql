-- A case keeps the item version it was applied under: later changes to the item never rewrite
-- what the applicant was promised.
ALTER TABLE cases ADD COLUMN item_version_id integer REFERENCES service_item_versions (id);
