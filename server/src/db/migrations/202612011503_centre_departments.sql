-- 进驻: which departments serve in which centre, since when and until when. A department has one home
-- centre (departments.centre_id, its items' owner); it may also station staff in other centres
-- (a branch, a town centre), and leave them again. Rows are kept after leaving, for the record.
CREATE TABLE centre_departments (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  department_id integer NOT NULL REFERENCES departments (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  CHECK (left_at IS NULL OR left_at >= entered_at)
);
CREATE UNIQUE INDEX centre_departments_present_idx ON centre_departments (centre_id, department_id) WHERE left_at IS NULL;
INSERT INTO centre_departments (centre_id, department_id) SELECT centre_id, id FROM departments;

-- A new department is present in its home centre from the start, whoever inserts it (catalogue
-- import, demo seed, tests), so "present" never depends on a second step being remembered.
CREATE FUNCTION departments_enter_home_centre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO centre_departments (centre_id, department_id) VALUES (NEW.centre_id, NEW.id);
  RETURN NEW;
END
$$;
CREATE TRIGGER departments_enter_home_centre AFTER INSERT ON departments
  FOR EACH ROW EXECUTE FUNCTION departments_enter_home_centre();
