-- 巡查发现: window, person, rule broken, photo; the person may explain; the administrator confirms
-- (then it shows on the public 曝光台) or dismisses it.
CREATE TABLE inspection_findings (
  id bigserial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  window_id integer REFERENCES windows (id),
  person_id integer REFERENCES users (id),
  rule_id integer NOT NULL REFERENCES discipline_rules (id),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  photo bytea CHECK (octet_length(photo) <= 2097152),
  photo_type text CHECK (photo_type IN ('image/jpeg', 'image/png')),
  found_by integer NOT NULL REFERENCES users (id),
  found_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'explained', 'confirmed', 'dismissed')),
  explanation text CHECK (length(explanation) <= 1000),
  explained_at timestamptz,
  decided_by integer REFERENCES users (id),
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 500),
  CHECK (window_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX inspection_findings_centre_idx ON inspection_findings (centre_id, found_at DESC);
CREATE INDEX inspection_findings_person_idx ON inspection_findings (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX inspection_findings_confirmed_idx ON inspection_findings (centre_id, decided_at DESC) WHERE status = 'confirmed';
