-- 全程电子监察，步步留痕: every trading step is a row of one SM3 hash chain (as case timelines
-- are); the head row serialises writers so the chain never forks.
CREATE TABLE trading_events (
  seq bigint PRIMARY KEY,
  project_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  actor_role text NOT NULL,
  action text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea,
  hash bytea NOT NULL
);
CREATE INDEX trading_events_project_idx ON trading_events (project_id, seq);
CREATE TABLE trading_chain_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash bytea
);
INSERT INTO trading_chain_head (id, seq, hash) VALUES (1, 0, NULL);
