-- 等保 level 3 asks for access records kept at least six months: one row per API request of a
-- logged-in user (who, what route, answer, from where), removed by a daily sweep after
-- ONEWINDOW_ACCESS_LOG_DAYS (never below 183).
CREATE TABLE access_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id integer,
  method text NOT NULL,
  -- The route pattern (/api/cases/:id), not the URL: no query strings with personal data.
  route text NOT NULL,
  status integer NOT NULL,
  ip text,
  ms integer NOT NULL
);
CREATE INDEX access_log_at_idx ON access_log (at);
CREATE INDEX access_log_user_idx ON access_log (user_id, at);
