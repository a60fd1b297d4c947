-- 首席代表: a department's representative in a centre, authorised to decide named items on the spot.
ALTER TABLE users ADD COLUMN chief_representative boolean NOT NULL DEFAULT false;
CREATE TABLE chief_representative_items (
  user_id integer NOT NULL REFERENCES users (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  PRIMARY KEY (user_id, item_id)
);
