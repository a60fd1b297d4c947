-- 村代办: an agent of a village agency point applies for a villager. The villager's consent is
-- captured first (a signature image, or an SMS code the villager reads back), and the agent later
-- hands the result back.
CREATE TABLE village_agency_consents (
  id serial PRIMARY KEY,
  point_id integer NOT NULL REFERENCES centres (id),
  agent_id integer NOT NULL REFERENCES users (id),
  applicant_id integer NOT NULL REFERENCES users (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  kind text NOT NULL CHECK (kind IN ('signature', 'sms')),
  -- signature: the stored image (sha-256 of the PNG bytes, kept in `signature_png`)
  signature_png bytea,
  -- sms: sha-256 of the code sent to the villager's phone; confirmed when read back
  sms_code_hash bytea,
  sms_attempts integer NOT NULL DEFAULT 0,
  confirmed_at timestamptz,
  used_by_case uuid REFERENCES cases (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'signature') = (signature_png IS NOT NULL)),
  CHECK ((kind = 'sms') = (sms_code_hash IS NOT NULL))
);

CREATE TABLE village_agency_applications (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  point_id integer NOT NULL REFERENCES centres (id),
  agent_id integer NOT NULL REFERENCES users (id),
  consent_id integer NOT NULL UNIQUE REFERENCES village_agency_consents (id),
  handed_back_at timestamptz,
  handed_back_note text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX village_agency_applications_point_idx ON village_agency_applications (point_id, created_at);
