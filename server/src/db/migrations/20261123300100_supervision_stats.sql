-- 电子监察 statistics: who took each case in at which window, who decided it, how many working
-- days it used against its promise, how often its clock stopped or was extended. Kept on the case
-- at the moment each happens so that statistics never re-read timelines.
ALTER TABLE cases
  ADD COLUMN clerk_id integer REFERENCES users (id),
  ADD COLUMN window_id integer REFERENCES windows (id),
  ADD COLUMN decided_by integer REFERENCES users (id),
  -- Working days from acceptance to decision, stopped days excluded; and the promise in working
  -- days (natural-day and hour limits converted through the calendar at acceptance).
  ADD COLUMN workdays_used integer,
  ADD COLUMN promised_workdays integer,
  ADD COLUMN stop_count integer NOT NULL DEFAULT 0,
  ADD COLUMN extension_count integer NOT NULL DEFAULT 0;

UPDATE cases c SET clerk_id = e.actor_id
  FROM case_events e
 WHERE e.case_id = c.id AND e.action IN ('accept', 'refuse', 'decide_on_spot');
UPDATE cases c SET window_id = u.window_id FROM users u WHERE u.id = c.clerk_id;
UPDATE cases c SET decided_by = e.actor_id
  FROM case_events e
 WHERE e.case_id = c.id AND e.action IN ('approve', 'deny', 'decide_on_spot');
UPDATE cases c SET stop_count = s.n
  FROM (SELECT case_id, count(*)::int AS n FROM case_clock_stops GROUP BY 1) s WHERE s.case_id = c.id;
UPDATE cases c SET extension_count = x.n
  FROM (SELECT case_id, count(*)::int AS n FROM case_extensions WHERE status = 'approved' GROUP BY 1) x WHERE x.case_id = c.id;

-- The dashboard's light tiles group the running cases by department, window and item: one
-- index-only scan over the running cases, whatever the size of the history.
CREATE INDEX cases_running_lights_idx ON cases (department_id, window_id, item_id, due_date, warn_date, clock_stopped)
  INCLUDE (region_code) WHERE status = 'accepted';
-- Today's intake and completions (the big screen, and the live day of every statistic).
CREATE INDEX cases_submitted_at_idx ON cases (submitted_at);
CREATE INDEX cases_accepted_at_idx ON cases (accepted_at) WHERE accepted_at IS NOT NULL;
CREATE INDEX cases_completed_at_idx ON cases (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX case_clock_stops_started_idx ON case_clock_stops (started_at);
CREATE INDEX case_extensions_decided_idx ON case_extensions (decided_at) WHERE status = 'approved';

-- 统计: one row per China day and per department, window, staff member and item, counting what
-- happened that day. Past days never change (every event is stamped with the time it happens),
-- so a period's statistics sum a few hundred rows a day instead of scanning cases; today is
-- counted live from the indexes above.
CREATE TABLE stats_daily (
  day date NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('department', 'window', 'staff', 'item')),
  key integer NOT NULL,
  received integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  refused integer NOT NULL DEFAULT 0,
  withdrawn integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  early integer NOT NULL DEFAULT 0,
  late integer NOT NULL DEFAULT 0,
  -- Sums over completed cases whose working days are known, and how many those are.
  timed integer NOT NULL DEFAULT 0,
  workdays_used integer NOT NULL DEFAULT 0,
  promised_workdays integer NOT NULL DEFAULT 0,
  stops integer NOT NULL DEFAULT 0,
  extensions integer NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension, day, key)
);

-- Which past days have been rolled up (a day is rolled once, after it ends).
CREATE TABLE stats_rolled_days (
  day date PRIMARY KEY,
  rolled_at timestamptz NOT NULL DEFAULT now()
);

-- The big screen listens: every timeline row tells the listeners which case moved and how, in the
-- same transaction, so a screen never shows a change that rolled back.
CREATE FUNCTION notify_case_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('case_events', json_build_object('caseId', NEW.case_id, 'action', NEW.action, 'to', NEW.to_status)::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER case_events_notify AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION notify_case_event();
