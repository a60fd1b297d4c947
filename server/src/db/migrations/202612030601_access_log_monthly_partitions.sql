-- access_log is the fastest-growing table (a row per request of every signed-in person) and is
-- only appended to and aged out after ONEWINDOW_ACCESS_LOG_DAYS: partitioned by month (China
-- months), the retention sweep drops whole months instead of deleting row by row, and a province's
-- months of requests never weigh on this month's inserts. A partitioned table's primary key must
-- include the partition key: (id, at); nothing references access_log, and id stays unique by its
-- sequence.
ALTER TABLE access_log RENAME TO access_log_before_partitions;
ALTER INDEX access_log_pkey RENAME TO access_log_before_partitions_pkey;
ALTER INDEX access_log_at_idx RENAME TO access_log_before_partitions_at_idx;
ALTER INDEX access_log_user_idx RENAME TO access_log_before_partitions_user_idx;
ALTER TABLE access_log_before_partitions ALTER COLUMN id DROP DEFAULT;
ALTER SEQUENCE access_log_id_seq OWNED BY NONE;

CREATE TABLE access_log (
  id bigint NOT NULL DEFAULT nextval('access_log_id_seq'),
  at timestamptz NOT NULL DEFAULT now(),
  user_id integer,
  method text NOT NULL,
  -- The route pattern (/api/cases/:id), not the URL: no query strings with personal data.
  route text NOT NULL,
  status integer NOT NULL,
  ip text,
  ms integer NOT NULL,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE access_log_id_seq OWNED BY access_log.id;
CREATE INDEX access_log_at_idx ON access_log (at);
CREATE INDEX access_log_user_idx ON access_log (user_id, at);
-- Catches a row of a month whose partition is not made yet (a server down for months); the next
-- access_log_ensure_partitions moves such rows into their month.
CREATE TABLE access_log_default PARTITION OF access_log DEFAULT;

-- Makes the monthly partitions access_log_YYYYMM for `months` months from the month of `from_day`
-- (those missing), moving rows the default partition holds for them. Returns how many it made.
CREATE FUNCTION access_log_ensure_partitions(from_day date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  month date;
  lower_bound timestamptz;
  upper_bound timestamptz;
  part text;
  made integer := 0;
BEGIN
  -- Two servers starting at once would both try to make the same month.
  PERFORM pg_advisory_xact_lock(72201306);
  FOR i IN 0 .. months - 1 LOOP
    month := (date_trunc('month', from_day) + make_interval(months => i))::date;
    part := 'access_log_' || to_char(month, 'YYYYMM');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    lower_bound := month::timestamp AT TIME ZONE 'Asia/Shanghai';
    upper_bound := (month + interval '1 month')::date::timestamp AT TIME ZONE 'Asia/Shanghai';
    EXECUTE format('CREATE TABLE %I (LIKE access_log INCLUDING DEFAULTS)', part);
    -- PostgreSQL refuses a partition for a range the default partition still holds rows of.
    EXECUTE format('WITH moved AS (DELETE FROM access_log_default WHERE at >= $1 AND at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', part)
      USING lower_bound, upper_bound;
    EXECUTE format('ALTER TABLE access_log ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lower_bound, upper_bound);
    made := made + 1;
  END LOOP;
  RETURN made;
END;
$$;

-- Drops the monthly partitions that end at or before `cutoff`; returns the rows they held.
CREATE FUNCTION access_log_drop_partitions_before(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  part record;
  upper_bound timestamptz;
  rows_in bigint;
  dropped bigint := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72201306);
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'access_log'::regclass AND c.relname ~ '^access_log_[0-9]{6}$'
     ORDER BY c.relname
  LOOP
    upper_bound := (to_date(right(part.relname, 6), 'YYYYMM') + interval '1 month')::date::timestamp AT TIME ZONE 'Asia/Shanghai';
    EXIT WHEN upper_bound > cutoff;
    EXECUTE format('SELECT count(*) FROM %I', part.relname) INTO rows_in;
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped + rows_in;
  END LOOP;
  RETURN dropped;
END;
$$;

SELECT access_log_ensure_partitions(
  coalesce((SELECT min(at) AT TIME ZONE 'Asia/Shanghai' FROM access_log_before_partitions)::date, (now() AT TIME ZONE 'Asia/Shanghai')::date),
  -- From the oldest kept row to three months ahead.
  (SELECT (extract(year FROM age(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai'),
                                 date_trunc('month', coalesce(min(at), now()) AT TIME ZONE 'Asia/Shanghai'))) * 12
         + extract(month FROM age(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai'),
                                  date_trunc('month', coalesce(min(at), now()) AT TIME ZONE 'Asia/Shanghai'))))::int + 4
     FROM access_log_before_partitions)
);
INSERT INTO access_log SELECT * FROM access_log_before_partitions;
DROP TABLE access_log_before_partitions;
