-- 减证便民: materials a case did not upload because a licence or the government's own data stands
-- in (授权用证 recorded per use), and 告知承诺 commitments flagged for later checking.
CREATE TABLE case_licence_uses (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  material_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('licence', 'government')),
  licence_id uuid REFERENCES licences (id),
  authorised_by integer NOT NULL REFERENCES users (id),
  authorised_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'licence') = (licence_id IS NOT NULL)),
  UNIQUE (case_id, material_name)
);
CREATE INDEX case_licence_uses_licence ON case_licence_uses (licence_id);

CREATE TABLE case_commitments (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  material_name text NOT NULL,
  statement text NOT NULL,
  signed_by integer NOT NULL REFERENCES users (id),
  signed_at timestamptz NOT NULL DEFAULT now(),
  check_status text NOT NULL DEFAULT 'pending' CHECK (check_status IN ('pending', 'confirmed', 'false')),
  checked_by integer REFERENCES users (id),
  checked_at timestamptz,
  check_note text,
  UNIQUE (case_id, material_name)
);
CREATE INDEX case_commitments_pending ON case_commitments (signed_at) WHERE check_status = 'pending';
