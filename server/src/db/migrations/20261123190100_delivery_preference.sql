-- How the applicant wants the result: picked up at the unified issuance window, or posted.
ALTER TABLE cases ADD COLUMN delivery_preference jsonb;
