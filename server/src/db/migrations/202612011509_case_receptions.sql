-- 收受分离: where a case was received when that is not where it is decided, and where the applicant
-- takes the result (posted, or collected at a centre of their choice). One row per such case.
CREATE TABLE case_receptions (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  receiving_centre_id integer NOT NULL REFERENCES centres (id),
  receiving_region_code varchar(12) NOT NULL REFERENCES regions (code),
  deciding_region_code varchar(12) NOT NULL REFERENCES regions (code),
  received_by integer NOT NULL REFERENCES users (id),
  delivery text NOT NULL CHECK (delivery IN ('post', 'collect')),
  pickup_centre_id integer REFERENCES centres (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((delivery = 'collect') = (pickup_centre_id IS NOT NULL))
);
CREATE INDEX case_receptions_pair_idx ON case_receptions (receiving_region_code, deciding_region_code, created_at);
