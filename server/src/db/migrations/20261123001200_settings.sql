-- Settings an administrator changes without code, one JSON value per key.
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Yellow light: this many working days before the deadline, or once less than this share of the
-- promised limit is left (null = not used), whichever comes first.
INSERT INTO settings (key, value) VALUES ('clock', '{"yellowWorkdays": 2, "yellowShare": null}');
