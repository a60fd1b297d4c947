-- 纪律规定: the centre's rule list an inspector records findings against, each with its deduction in the assessment.
CREATE TABLE discipline_rules (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9-]{1,20}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
  points numeric(5, 1) NOT NULL DEFAULT 2 CHECK (points >= 0 AND points <= 100),
  active boolean NOT NULL DEFAULT true,
  UNIQUE (centre_id, code)
);
