-- 行政许可法第三十二条: an incomplete application is answered on the spot or within five working
-- days with the one-time correction notice; if not, it counts as accepted from the day the
-- materials were received. A case waiting for acceptance carries that clock:
--   received_at          when the materials were received (submission, or the answer to a
--                        correction notice: a new five days);
--   acceptance_due_date  the fifth working day after it (the last day to answer);
--   acceptance_warn_date the working day before it (the light turns yellow).
-- The sweep accepts a case past its fifth day by law (deemed_accepted), as of received_at.
ALTER TABLE cases ADD COLUMN received_at timestamptz;
ALTER TABLE cases ADD COLUMN acceptance_due_date date;
ALTER TABLE cases ADD COLUMN acceptance_warn_date date;
ALTER TABLE cases ADD COLUMN deemed_accepted boolean NOT NULL DEFAULT false;

-- Cases waiting now: received when submitted, or when they last answered a correction notice.
-- Their dates are computed on the regional calendar by the next sweep.
UPDATE cases c SET received_at = coalesce(
  (SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.action = 'resubmit'),
  c.submitted_at)
WHERE c.status = 'submitted';

CREATE INDEX cases_acceptance_clock_idx ON cases (acceptance_due_date) WHERE status = 'submitted';
