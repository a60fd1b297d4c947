-- Regions, service centres, departments and windows: who serves where.
CREATE TABLE regions (
  code char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  parent_code char(6) REFERENCES regions (code),
  level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'town', 'village'))
);

CREATE TABLE centres (
  id serial PRIMARY KEY,
  name text NOT NULL,
  region_code char(6) NOT NULL REFERENCES regions (code),
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT ''
);

CREATE TABLE departments (
  id serial PRIMARY KEY,
  name text NOT NULL,
  credit_code char(18) NOT NULL UNIQUE,
  region_code char(6) NOT NULL REFERENCES regions (code),
  centre_id integer NOT NULL REFERENCES centres (id),
  phone text NOT NULL DEFAULT ''
);
CREATE INDEX departments_centre_idx ON departments (centre_id);

CREATE TABLE windows (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  number text NOT NULL,
  name text NOT NULL,
  UNIQUE (centre_id, number)
);
