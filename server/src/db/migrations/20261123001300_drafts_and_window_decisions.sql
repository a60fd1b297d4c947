-- Drafts: an application saved before it is submitted (no number yet, nothing to accept).
CREATE TABLE application_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  applicant_id integer NOT NULL REFERENCES users (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  form_data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_drafts_applicant_idx ON application_drafts (applicant_id, updated_at DESC);

-- 即办件 may be decided at the window, but only by clerks the centre has authorised to.
ALTER TABLE users ADD COLUMN decides_immediate boolean NOT NULL DEFAULT false;
