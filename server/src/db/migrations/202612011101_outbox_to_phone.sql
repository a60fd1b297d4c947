-- A registration's code goes to a phone before any account exists (a new applicant), so an outbox
-- row may name the number itself instead of a user.
ALTER TABLE outbox ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN phone text;
ALTER TABLE outbox ADD CONSTRAINT outbox_recipient CHECK (user_id IS NOT NULL OR phone IS NOT NULL);
