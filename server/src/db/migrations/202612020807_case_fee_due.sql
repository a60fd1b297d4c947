-- A fee is owed on the case: 出件 waits until it is paid or exempted (set and cleared by the fees module).
ALTER TABLE cases ADD COLUMN fee_due boolean NOT NULL DEFAULT false;
