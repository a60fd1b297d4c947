-- Today's rows were written since the last vacuum, so an index-only scan of a timestamp index
-- still reads each row's heap page to see whether it is visible; with the department, window and
-- item only INCLUDEd, a city's live statistics checked every row of the province's day that way
-- and dropped other cities' rows afterwards (7,160 heap reads for 1,555 rows wanted, a city's
-- "this month" 81 ms at 10 million cases). As key columns they are index conditions: rows of
-- other keys are dropped in the index before their heap page is read (716 heap reads, 28 -> 9 ms).
-- The completions also carry item_version_id, which the 承诺件 test of the early rate reads.
DROP INDEX cases_submitted_at_idx;
CREATE INDEX cases_submitted_at_idx ON cases (submitted_at, department_id, window_id, item_id, clerk_id)
  INCLUDE (region_code);
DROP INDEX cases_accepted_at_idx;
CREATE INDEX cases_accepted_at_idx ON cases (accepted_at, department_id, window_id, item_id, clerk_id)
  INCLUDE (region_code) WHERE accepted_at IS NOT NULL;
DROP INDEX cases_completed_at_idx;
CREATE INDEX cases_completed_at_idx ON cases (completed_at, department_id, window_id, item_id)
  INCLUDE (status, region_code, clerk_id, decided_by, decided_at, due_date, workdays_used, promised_workdays, item_version_id)
  WHERE completed_at IS NOT NULL;
