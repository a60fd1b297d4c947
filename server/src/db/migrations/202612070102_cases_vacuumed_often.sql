-- A case's row keeps changing while it runs, and PostgreSQL's default autovacuum waits for a fifth
-- of a partition (400,000 rows of a year of ten million cases: weeks) to have changed. Until a page
-- is vacuumed it is not marked all-visible, and every index-only scan that meets one of its rows
-- reads the page from the heap to check the row: the running cases' lights and the day's tiles are
-- exactly such rows. Measured on a province of 10 million cases with a month just added: a city's
-- lights 95-112 ms and tiles 78-126 ms, 26-37 ms and 35-50 ms once vacuumed (0.15-0.6 s of
-- VACUUM). So the case partitions are vacuumed after a fixed number of rows changed or added,
-- whatever their size: a few times a day at 5,500 cases a day, every few minutes at ten times that.
CREATE FUNCTION cases_vacuum_often(part regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s SET (autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_scale_factor = 0, '
                 'autovacuum_vacuum_insert_threshold = 2000, autovacuum_vacuum_insert_scale_factor = 0, '
                 'autovacuum_analyze_threshold = 5000, autovacuum_analyze_scale_factor = 0.02)', part);
END;
$$;

SELECT cases_vacuum_often(relid) FROM pg_partition_tree('cases') WHERE isleaf;

-- Partitions made from now on (next year's, by the daily job, or seed:scale's past years) get the
-- same settings.
CREATE OR REPLACE FUNCTION cases_ensure_year_partitions(from_year integer, through_year integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  made integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(72201307);
  FOR year IN from_year .. through_year LOOP
    IF ensure_range_partition('cases', 'cases_' || year, case_year_bound(year)::text, case_year_bound(year + 1)::text) THEN
      PERFORM cases_vacuum_often(('cases_' || year)::regclass);
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END;
$$;
