-- A rectification carries its own scope: a window 差评 for a service without a case has no
-- department, so the centre running the window answers for it, and the region's supervisor must
-- see every rectification whoever answers for it.
ALTER TABLE rectifications ADD COLUMN centre_id integer REFERENCES centres (id);
ALTER TABLE rectifications ADD COLUMN region_code text;

-- "Cannot rectify" and "invalid rating" (malicious or mistaken) are both appeals a supervisor
-- decides; while appealed, this says which one.
ALTER TABLE rectifications ADD COLUMN appeal_kind text CHECK (appeal_kind IN ('cannot_rectify', 'invalid'));
ALTER TABLE rectifications ADD COLUMN appeal_note text;
ALTER TABLE rectifications ADD COLUMN decision_note text;

UPDATE rectifications r
   SET centre_id = coalesce(d.centre_id, w.centre_id),
       region_code = coalesce(d.region_code, c.region_code)
  FROM ratings ra
  LEFT JOIN departments d ON d.id = ra.department_id
  LEFT JOIN windows w ON w.id = ra.window_id
  LEFT JOIN centres c ON c.id = w.centre_id
 WHERE ra.id = r.rating_id;

CREATE INDEX rectifications_region_idx ON rectifications (region_code, due_date);
