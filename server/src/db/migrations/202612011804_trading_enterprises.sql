-- 企业库: enterprises with their 统一社会信用代码, licences, qualifications, key personnel and
-- past performance. People are kept by the SM3 of their ID number (matching without storing it).
CREATE TABLE trading_enterprises (
  id serial PRIMARY KEY,
  credit_code text NOT NULL UNIQUE,
  name text NOT NULL,
  user_id integer UNIQUE REFERENCES users (id),
  legal_representative text NOT NULL,
  address text NOT NULL DEFAULT '',
  licences jsonb NOT NULL DEFAULT '[]',
  qualifications jsonb NOT NULL DEFAULT '[]',
  performance jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE trading_people (
  id serial PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES trading_enterprises (id),
  name text NOT NULL,
  id_hash text NOT NULL,
  id_masked text NOT NULL,
  title text NOT NULL DEFAULT '',
  UNIQUE (enterprise_id, id_hash)
);
CREATE INDEX trading_people_id_hash_idx ON trading_people (id_hash);
