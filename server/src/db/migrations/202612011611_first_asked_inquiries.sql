-- 首问负责制: an enquiry made at a window is recorded by the first person asked, who owns it until
-- they answer it or hand it over (to someone who then owns it). Complaints may name the window or
-- person complained about (counted in the assessment).
ALTER TABLE inquiries DROP CONSTRAINT inquiries_channel_check;
ALTER TABLE inquiries ADD CONSTRAINT inquiries_channel_check CHECK (channel IN ('online', 'phone', 'window'));
ALTER TABLE inquiries ADD COLUMN owner_id integer REFERENCES users (id);
ALTER TABLE inquiries ADD COLUMN handed_over_at timestamptz;
ALTER TABLE inquiries ADD COLUMN handover_note text;
ALTER TABLE inquiries ADD COLUMN about_window_id integer REFERENCES windows (id);
ALTER TABLE inquiries ADD COLUMN about_user_id integer REFERENCES users (id);
CREATE INDEX inquiries_owner_idx ON inquiries (owner_id) WHERE owner_id IS NOT NULL AND replied_at IS NULL;
