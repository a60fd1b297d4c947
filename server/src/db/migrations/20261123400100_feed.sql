-- E-supervision feed: every case timeline row, exported to the provincial system by pull (cursor)
-- and by push (signed webhooks).
--
-- Why a second numbering (feed_log.position) instead of paging by case_events.id: ids come from a
-- sequence when the row is inserted, but rows become visible when their transaction commits. If
-- transaction A draws id 10 and commits after B's id 11, a reader that saw 11 and moved its cursor
-- past it would never see 10. So committed events are numbered a second time, in commit order, by
-- one sequencer at a time (modules/feed/sequencer.ts, under an advisory lock): a reader paging by
-- position can never skip an event.

-- Filled in the inserting transaction itself: an event that rolls back leaves no pending row, so
-- it is never numbered, never pulled and never pushed.
-- No foreign keys here or in feed_log: both are written only from case_events rows themselves
-- (trigger, sequencer), and the checks tripled the cost of numbering a bulk load of history.
CREATE TABLE feed_pending (
  event_id bigint PRIMARY KEY
);

CREATE TABLE feed_log (
  position bigserial PRIMARY KEY,
  event_id bigint NOT NULL UNIQUE,
  -- Copied so a subscriber scoped to one centre pages through its own events by index.
  centre_id integer NOT NULL,
  region_code char(6) NOT NULL,
  sequenced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feed_log_centre_idx ON feed_log (centre_id, position);
CREATE INDEX feed_log_region_idx ON feed_log (region_code, position);

-- Statement-level with a transition table, so a bulk load of history costs one INSERT … SELECT.
CREATE FUNCTION feed_mark_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_pending (event_id) SELECT id FROM inserted_events;
  RETURN NULL;
END;
$$;
CREATE TRIGGER case_events_feed
  AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS inserted_events
  FOR EACH STATEMENT EXECUTE FUNCTION feed_mark_pending();

-- A provincial (or any) system receiving the feed. Push when `url` is set; pull with the bearer
-- token the administrator issues (only its SHA-256 is kept). Scoped to the administrator's centre.
CREATE TABLE feed_subscribers (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  name text NOT NULL,
  url text,
  -- HMAC key for the signature; kept as given because signing needs it, never returned or logged.
  secret text,
  token_hash bytea UNIQUE,
  token_issued_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  -- Push state: the last position delivered (2xx), in order, one event at a time.
  delivered_position bigint NOT NULL DEFAULT 0,
  delivered_at timestamptz,
  -- The event at the head of the queue while it is being retried, and its attempts so far.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  last_error_at timestamptz,
  -- Set when the head event used up its retries: pushing stops (order would break otherwise)
  -- until an administrator resumes it.
  failed_at timestamptz,
  failed_event_id bigint,
  created_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((url IS NULL) = (secret IS NULL))
);
CREATE INDEX feed_subscribers_due_idx ON feed_subscribers (next_attempt_at) WHERE url IS NOT NULL AND active AND failed_at IS NULL;
