-- The 经办人 who filed an enterprise's application online (null: the applicant in person, or a window).
ALTER TABLE cases ADD COLUMN filed_by_id integer REFERENCES users (id);
