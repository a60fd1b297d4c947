-- Business timestamps written by default take the platform's clock, like those the services write.
ALTER TABLE cases ALTER COLUMN submitted_at SET DEFAULT clock_now(), ALTER COLUMN updated_at SET DEFAULT clock_now();
ALTER TABLE case_events ALTER COLUMN at SET DEFAULT clock_now();
ALTER TABLE case_materials ALTER COLUMN uploaded_at SET DEFAULT clock_now();
ALTER TABLE notifications ALTER COLUMN created_at SET DEFAULT clock_now();
ALTER TABLE window_services ALTER COLUMN started_at SET DEFAULT clock_now();
ALTER TABLE ratings ALTER COLUMN created_at SET DEFAULT clock_now();
ALTER TABLE rectifications ALTER COLUMN created_at SET DEFAULT clock_now(), ALTER COLUMN updated_at SET DEFAULT clock_now();
ALTER TABLE inquiries ALTER COLUMN created_at SET DEFAULT clock_now();
