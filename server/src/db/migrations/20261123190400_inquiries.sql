-- 咨询投诉: consultations and complaints, online or logged from a phone call, routed to a
-- department with a reply deadline in working days; answered consultations can become FAQ.
CREATE TABLE inquiries (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('consultation', 'complaint')),
  channel text NOT NULL CHECK (channel IN ('online', 'phone')),
  user_id integer REFERENCES users (id),
  contact_name text NOT NULL,
  contact_phone text,
  item_id integer REFERENCES service_items (id),
  department_id integer NOT NULL REFERENCES departments (id),
  subject text NOT NULL CHECK (length(subject) BETWEEN 2 AND 100),
  content text NOT NULL CHECK (length(content) BETWEEN 2 AND 2000),
  logged_by integer REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  reply_due date NOT NULL,
  reply text,
  replied_by integer REFERENCES users (id),
  replied_at timestamptz,
  callback_note text,
  callback_at timestamptz,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  published_faq boolean NOT NULL DEFAULT false
);
CREATE INDEX inquiries_department_idx ON inquiries (department_id, created_at DESC);
CREATE INDEX inquiries_faq_idx ON inquiries (item_id) WHERE published_faq;

-- 邀请评价: a completed case still unrated after some days is invited once.
ALTER TABLE cases ADD COLUMN rating_invited_at timestamptz;
CREATE INDEX cases_uninvited_completed_idx ON cases (completed_at) WHERE status = 'completed' AND rating_invited_at IS NULL;
UPDATE settings SET value = value || '{"inviteAfterDays": 3, "consultationWorkdays": 3, "complaintWorkdays": 5}' WHERE key = 'ratings';
