-- 值班长: one duty head per floor and day.
CREATE TABLE duty_roster (
  centre_id integer NOT NULL REFERENCES centres (id),
  day date NOT NULL,
  floor text NOT NULL CHECK (length(floor) BETWEEN 1 AND 20),
  user_id integer NOT NULL REFERENCES users (id),
  assigned_by integer REFERENCES users (id),
  PRIMARY KEY (centre_id, day, floor)
);
