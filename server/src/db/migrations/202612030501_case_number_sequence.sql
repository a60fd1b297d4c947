-- Application numbers (区划-日期-序号) from one PostgreSQL sequence instead of a counter row per
-- region and day. Taking the next value of a sequence locks nothing until commit, so concurrent
-- submissions no longer queue behind one row. The numbers stay unique (a sequence never hands out
-- a value twice, not even after a crash or a rollback) and ordered within a day; they may have
-- gaps (a rolled-back submission, the values a crash skips). Gaps no longer matter: the global
-- audit chain (audit_ledger) proves that no case was deleted, which gap-free numbers only hinted at.
CREATE SEQUENCE case_number_seq AS bigint;

-- Past the highest number any region has given on any day, so a new number can never repeat one
-- given today under the old counters.
SELECT CASE WHEN max(last_value) IS NULL THEN setval('case_number_seq', 1, false) ELSE setval('case_number_seq', max(last_value)) END
  FROM case_number_sequences;

DROP TABLE case_number_sequences;

-- The one place that formats a number: at least five digits, more once the sequence needs them
-- (lpad alone would cut a longer one).
CREATE FUNCTION next_application_number(region_code text, day date) RETURNS text
  LANGUAGE sql VOLATILE
  AS $$
    SELECT region_code || '-' || to_char(day, 'YYYYMMDD') || '-' || lpad(n, greatest(5, length(n)), '0')
      FROM (SELECT nextval('case_number_seq')::text AS n) s
  $$;
