-- The seal that signed each award notice, so a later rotation or revocation is judged against it.
ALTER TABLE trading_awards ADD COLUMN seal_id integer REFERENCES department_seals (id);
