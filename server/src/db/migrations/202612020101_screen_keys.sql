-- Keys of the hall's big screens (大屏): a screen presenting its key streams from capacity that
-- anonymous viewers cannot take. Only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE screen_keys (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  key_hash bytea NOT NULL UNIQUE,
  created_by integer REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_connected_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX screen_keys_centre ON screen_keys (centre_id);
