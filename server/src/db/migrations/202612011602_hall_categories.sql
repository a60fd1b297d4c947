-- 业务类别: what a visitor picks at the ticket kiosk or when booking (prefix A, B … on the ticket),
-- the departments whose items it covers, and the window group that serves it.
CREATE TABLE hall_categories (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  prefix char(1) NOT NULL CHECK (prefix ~ '^[A-Z]$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  -- Empty: every item of the centre may be booked under it.
  department_ids integer[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  UNIQUE (centre_id, prefix)
);

CREATE TABLE hall_category_windows (
  category_id integer NOT NULL REFERENCES hall_categories (id) ON DELETE CASCADE,
  window_id integer NOT NULL REFERENCES windows (id),
  PRIMARY KEY (category_id, window_id)
);
CREATE INDEX hall_category_windows_window_idx ON hall_category_windows (window_id);
