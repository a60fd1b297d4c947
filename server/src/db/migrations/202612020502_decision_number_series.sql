-- 决定书文号: one series per deciding organ and year. The counter is moved inside the decision's
-- own transaction, so a rolled-back decision leaves no gap.
CREATE TABLE decision_number_series (
  department_id integer NOT NULL REFERENCES departments (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  last integer NOT NULL CHECK (last > 0),
  PRIMARY KEY (department_id, year)
);
