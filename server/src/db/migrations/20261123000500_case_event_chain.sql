-- 步步留痕: timeline rows form a hash chain per case (SM3 over the previous hash and the row), and
-- the case keeps the head, so altering, deleting or reordering any row is detectable.
ALTER TABLE case_events ADD COLUMN prev_hash bytea;
ALTER TABLE case_events ADD COLUMN hash bytea;
ALTER TABLE cases ADD COLUMN timeline_head bytea;
