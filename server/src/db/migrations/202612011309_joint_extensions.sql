-- Art. 26/42: a joint application's 45 working days may be extended by 15 with the approval of the
-- head of the people's government at that level.
CREATE TABLE joint_extensions (
  id serial PRIMARY KEY,
  joint_application_id uuid NOT NULL REFERENCES joint_applications (id),
  workdays integer NOT NULL CHECK (workdays > 0),
  reason text NOT NULL,
  requested_by integer NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by integer REFERENCES users (id),
  decided_at timestamptz,
  note text
);
CREATE UNIQUE INDEX joint_extensions_pending_idx ON joint_extensions (joint_application_id) WHERE status = 'pending';
