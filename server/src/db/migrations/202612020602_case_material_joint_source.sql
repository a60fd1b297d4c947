-- Which joint upload a child case's material came from: one upload, one row per child that needs it.
ALTER TABLE case_materials ADD COLUMN joint_material_id uuid REFERENCES joint_materials (id);
CREATE INDEX case_materials_joint_idx ON case_materials (joint_material_id) WHERE joint_material_id IS NOT NULL;
