-- cases partitioned by China year, so old years never weigh on today's work (issue #22, item 4;
-- docs/scaling.md section 2). The partition key is the id itself: new case ids are UUIDv7s made
-- from the submission instant (48 bits of milliseconds first), so `PARTITION BY RANGE (id)` with
-- one partition per year, bounded by the UUIDv7 of 1 January 00:00 China time, is partitioning by
-- time while the primary key stays (id), the foreign keys keep referencing cases (id), and a lookup
-- by id prunes to one partition.
--
-- Existing ids are not rewritten: each case's SM3 timeline chain, the audit ledger and the signed
-- checkpoints hash them. A random (v4) id's first 48 bits fall anywhere between the years 1970 and
-- 10889, so nearly all old cases go to the DEFAULT partition cases_default and the few whose bits
-- happen to fall in a year's range live in that year's partition (a lookup by id still prunes to
-- the one partition its id falls in). A DEFAULT partition rather than fixed "below" and "above"
-- ranges: old ids also fall in the ranges of years to come, and only the default can give them
-- back when next year's partition is made (ensure_range_partition below).
--
-- Application numbers: a unique index of a partitioned table must include the partition key, so
-- the global guarantee moves to case_numbers (number PRIMARY KEY), filled by a trigger in the very
-- statement that writes the case, whoever writes it.

-- The SQL twin of server/src/util/uuidv7.ts: 48 bits of Unix milliseconds, version 7, the random
-- bits and variant of a gen_random_uuid(). PL/pgSQL keeps its plan per connection.
CREATE FUNCTION uuid_v7(at timestamptz) RETURNS uuid
  LANGUAGE plpgsql VOLATILE PARALLEL SAFE
  AS $$
DECLARE
  bytes bytea := uuid_send(gen_random_uuid());
BEGIN
  bytes := overlay(bytes PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6);
  RETURN encode(set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112), 'hex')::uuid;
END;
$$;

-- The lowest id of a China year: the UUIDv7 prefix of 1 January 00:00 UTC+8, every other bit 0.
CREATE FUNCTION case_year_bound(year integer) RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT (lpad(to_hex((extract(epoch FROM make_timestamp(year, 1, 1, 0, 0, 0)) * 1000)::bigint - 8 * 3600000), 12, '0')
            || '00000000000000000000')::uuid
  $$;

-- Makes the range partition `part` of `parent` for [lower_bound, upper_bound) unless it exists,
-- first moving into it the rows the default partition caught for that range (PostgreSQL refuses a
-- partition for a range the default still holds rows of). Answers whether it made one. Shared by
-- access_log (monthly) and cases (yearly).
CREATE FUNCTION ensure_range_partition(parent regclass, part text, lower_bound text, upper_bound text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  key_column name;
  default_part regclass;
  caught boolean := false;
  role_before text := current_setting('session_replication_role');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  SELECT a.attname, nullif(p.partdefid, 0)::regclass INTO key_column, default_part
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent;
  EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
  IF default_part IS NOT NULL THEN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= %L AND %I < %L)', default_part, key_column, lower_bound, key_column, upper_bound)
      INTO caught;
  END IF;
  IF caught THEN
    -- A row other tables reference cannot leave the default partition under the foreign-key
    -- checks, which look for its key in the partition it left. Its key does not change, so every
    -- reference stays right: the checks are skipped while it moves (replica mode, which needs a
    -- superuser or GRANT SET ON PARAMETER session_replication_role). Tables nothing references
    -- (access_log) move without it. Triggers enabled ALWAYS still fire (case_numbers).
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = parent AND contype = 'f') THEN
      PERFORM set_config('session_replication_role', 'replica', true);
    END IF;
    EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                   default_part, key_column, lower_bound, key_column, upper_bound, part);
    PERFORM set_config('session_replication_role', role_before, true);
  END IF;
  EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lower_bound, upper_bound);
  RETURN true;
END;
$$;

-- access_log's months through the shared function (same names, bounds and lock as before).
CREATE OR REPLACE FUNCTION access_log_ensure_partitions(from_day date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  month date;
  made integer := 0;
BEGIN
  -- Two servers starting at once would both try to make the same month.
  PERFORM pg_advisory_xact_lock(72201306);
  FOR i IN 0 .. months - 1 LOOP
    month := (date_trunc('month', from_day) + make_interval(months => i))::date;
    IF ensure_range_partition('access_log', 'access_log_' || to_char(month, 'YYYYMM'),
                              (month::timestamp AT TIME ZONE 'Asia/Shanghai')::text,
                              ((month + interval '1 month')::date::timestamp AT TIME ZONE 'Asia/Shanghai')::text) THEN
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END;
$$;

-- Makes the yearly partitions cases_YYYY from `from_year` through `through_year` (those missing).
-- Returns how many it made.
CREATE FUNCTION cases_ensure_year_partitions(from_year integer, through_year integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  made integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72201307);
  FOR year IN from_year .. through_year LOOP
    IF ensure_range_partition('cases', 'cases_' || year, case_year_bound(year)::text, case_year_bound(year + 1)::text) THEN
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END;
$$;

-- The old table steps aside; its index names are freed for the new one.
ALTER TABLE cases RENAME TO cases_before_partitions;
DO $$
DECLARE
  index_name name;
BEGIN
  FOR index_name IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'cases_before_partitions'::regclass LOOP
    EXECUTE format('ALTER INDEX %I RENAME TO %I', index_name, 'old_' || index_name);
  END LOOP;
END;
$$;

-- Same columns, defaults, NOT NULLs, checks, storage and comments. The id's default is a UUIDv7 of
-- the platform's clock (the same instant as submitted_at's default in the same statement); the
-- services pass their own, made from the submission instant.
CREATE TABLE cases (LIKE cases_before_partitions INCLUDING ALL EXCLUDING INDEXES) PARTITION BY RANGE (id);
ALTER TABLE cases ALTER COLUMN id SET DEFAULT uuid_v7(clock_now());
CREATE TABLE cases_default PARTITION OF cases DEFAULT;
-- This year and next: no UUIDv7 id is older than this migration (seed:scale makes the years of the
-- history it writes), and every partition is one more plan for a statement that is not pruned. The
-- daily job keeps next year made.
SELECT cases_ensure_year_partitions(extract(year FROM clock_now() AT TIME ZONE 'Asia/Shanghai')::integer,
                                    extract(year FROM clock_now() AT TIME ZONE 'Asia/Shanghai')::integer + 1);

INSERT INTO cases SELECT * FROM cases_before_partitions;

-- The foreign keys cases holds (to users, items, centres …), each checked once over the copied rows.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = 'cases_before_partitions'::regclass AND contype = 'f' ORDER BY conname LOOP
    EXECUTE format('ALTER TABLE cases ADD CONSTRAINT %I %s', c.conname, c.definition);
  END LOOP;
END;
$$;

-- The primary key and every index (partial ones as they were), built once over the copied rows.
-- The unique index on number is not among them: case_numbers below takes its place.
ALTER TABLE cases ADD PRIMARY KEY (id);
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT substring(ic.relname FROM 5) AS name, pg_get_indexdef(i.indexrelid) AS definition
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = 'cases_before_partitions'::regclass AND NOT i.indisunique ORDER BY ic.relname LOOP
    EXECUTE regexp_replace(c.definition, '^CREATE INDEX \S+ ON \S+ ', format('CREATE INDEX %I ON cases ', c.name));
  END LOOP;
END;
$$;

-- The 26 foreign keys that reference a case now reference the partitioned table.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT conrelid::regclass AS owner, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE confrelid = 'cases_before_partitions'::regclass AND contype = 'f' ORDER BY conrelid::regclass::text, conname LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.owner, c.conname);
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.owner, c.conname,
                   replace(c.definition, 'REFERENCES cases_before_partitions(', 'REFERENCES cases('));
  END LOOP;
END;
$$;

DROP TABLE cases_before_partitions;

-- 办件编号 unique across every partition. Written by triggers enabled ALWAYS, so that bulk loads in
-- replica mode (seed:scale) and rows moved between partitions keep it too. No foreign key back to
-- cases: the triggers keep the two in step, and a key's check against the partitioned table costs
-- every submission ~0.2 ms of planning (PostgreSQL plans it anew for each row, see docs/scaling.md).
CREATE TABLE case_numbers (
  number text PRIMARY KEY,
  case_id uuid NOT NULL
);
INSERT INTO case_numbers (number, case_id) SELECT number, id FROM cases;

CREATE FUNCTION case_numbers_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_numbers (number, case_id) SELECT number, id FROM new_cases;
  RETURN NULL;
END;
$$;
-- Once per statement, over all its rows: a bulk INSERT … SELECT pays one insert, not one per row.
CREATE TRIGGER cases_number_claim AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_numbers_claim();
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_number_claim;

-- The demo seed renumbers its generated history; nothing else changes a number.
CREATE FUNCTION case_numbers_renumber() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_numbers SET number = NEW.number WHERE number = OLD.number;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_number_renumber AFTER UPDATE OF number ON cases
  FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number) EXECUTE FUNCTION case_numbers_renumber();
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_number_renumber;

-- Cases are not deleted (the audit ledger would report it); a test that does frees the number. A row
-- moved between partitions keeps its number: the move deletes from the partition itself, and a
-- statement trigger fires only for the table its statement names.
CREATE FUNCTION case_numbers_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_numbers n USING old_cases o WHERE n.number = o.number;
  RETURN NULL;
END;
$$;
CREATE TRIGGER cases_number_release AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_numbers_release();

-- Autovacuum analyses the partitions but never the partitioned table itself. Only when there are
-- cases to analyse (edited 2026-12-03; databases that ran this already are as they were): ANALYZE
-- of an empty partition records "0 pages, 0 rows", and the planner then trusts a partition's
-- current size, so a plan made while this year's partition holds a page or two is a sequential
-- scan. Each connection keeps its foreign-key checks' plans until the partition is analysed
-- again (5,000 rows later, migration 202612070102), and every submission's three checks against
-- `cases` (its timeline row, its notice, its idempotency claim) scanned the whole year so far:
-- measured with bench/submission-anatomy.ts, 0.06 → 0.6 ms per check over 3,000 cases and growing.
-- A partition never analysed is assumed to hold at least ten pages, and its key lookups use the
-- primary key's index from the first case on.
DO $$
BEGIN
  IF EXISTS (SELECT FROM cases) THEN
    ANALYZE cases;
  END IF;
END;
$$;
