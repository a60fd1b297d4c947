-- The chain covers the case row too: each timeline row carries the SM3 of the case's decisive fields
-- (state, decision, reason, form, applicant, item, dates) as the step left them, inside its hash.
-- Rows written before stay null and keep their hashes.
ALTER TABLE case_events ADD COLUMN case_digest bytea;
