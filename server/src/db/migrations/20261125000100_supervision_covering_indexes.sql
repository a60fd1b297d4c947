-- At ten million cases a day holds thousands of submissions, acceptances and completions spread
-- over as many heap pages. Today's tiles and the live part of every statistic read only these
-- columns, so the timestamp indexes carry them and PostgreSQL answers from the index alone
-- (index-only scans) instead of one random heap page per case.
DROP INDEX cases_submitted_at_idx;
CREATE INDEX cases_submitted_at_idx ON cases (submitted_at)
  INCLUDE (region_code, department_id, window_id, item_id, clerk_id);
DROP INDEX cases_accepted_at_idx;
CREATE INDEX cases_accepted_at_idx ON cases (accepted_at)
  INCLUDE (region_code, department_id, window_id, item_id, clerk_id) WHERE accepted_at IS NOT NULL;
DROP INDEX cases_completed_at_idx;
CREATE INDEX cases_completed_at_idx ON cases (completed_at)
  INCLUDE (status, region_code, department_id, window_id, item_id, clerk_id, decided_by, decided_at, due_date, workdays_used, promised_workdays)
  WHERE completed_at IS NOT NULL;
-- Waiting for pre-review or the applicant's correction (a tile): a few thousand cases at most.
CREATE INDEX cases_waiting_idx ON cases (region_code) WHERE status IN ('submitted', 'correction_required');
