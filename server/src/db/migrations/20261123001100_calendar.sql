-- The working-day calendar as data: the State Council schedule per year (national scope, region
-- '') and each region's own days (a local holiday, a day the hall closes), entered without code.
CREATE TABLE calendar_years (
  region_code text NOT NULL DEFAULT '' CHECK (region_code = '' OR region_code ~ '^[0-9]{6}$'),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  source text NOT NULL,
  entered_by integer REFERENCES users (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, year)
);

CREATE TABLE calendar_days (
  region_code text NOT NULL DEFAULT '' CHECK (region_code = '' OR region_code ~ '^[0-9]{6}$'),
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'makeup', 'closed')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  entered_by integer REFERENCES users (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, date),
  -- Regions add closed days; holidays and make-up days come with the national schedule.
  CHECK ((region_code = '') = (kind <> 'closed'))
);

-- Bumped on every change so each server process knows its cached calendars are stale.
CREATE TABLE calendar_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO calendar_version DEFAULT VALUES;

-- 红黄绿灯 in SQL, so lists and dashboards over millions of cases compute it where the rows are.
-- Mirrors caseLight() in server/src/modules/cases/clock.ts.
CREATE FUNCTION case_light(status text, clock_stopped boolean, due_date date, warn_date date, today date)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN status <> 'accepted' OR due_date IS NULL THEN NULL
    WHEN clock_stopped THEN 'grey'
    WHEN today > due_date THEN 'red'
    WHEN warn_date IS NOT NULL AND today >= warn_date THEN 'yellow'
    ELSE 'green'
  END
$$;

CREATE FUNCTION china_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
$$;
