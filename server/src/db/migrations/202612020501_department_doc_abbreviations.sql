-- 机关代字: the short name a department prints in its document numbers (梅市监 in
-- 梅市监许准〔2026〕12号). A department without one prints its full name.
CREATE TABLE department_doc_abbreviations (
  department_id integer PRIMARY KEY REFERENCES departments (id),
  abbreviation text NOT NULL CHECK (char_length(abbreviation) BETWEEN 1 AND 12),
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
