-- 电子档案: one package per completed case, its SM3 manifest, and its retention.
CREATE TABLE item_retention (
  item_id integer PRIMARY KEY REFERENCES service_items (id),
  -- null = 永久
  years integer CHECK (years IS NULL OR years BETWEEN 1 AND 100)
);

CREATE TABLE case_archives (
  case_id uuid PRIMARY KEY REFERENCES cases (id),
  archived_at timestamptz NOT NULL DEFAULT now(),
  folder text NOT NULL,
  manifest jsonb NOT NULL,
  manifest_sm3 bytea NOT NULL,
  retention_years integer,
  retain_until date,
  destruction_decision text CHECK (destruction_decision IN ('destroy', 'extend')),
  destruction_reason text,
  decided_by integer REFERENCES users (id),
  decided_at timestamptz
);
CREATE INDEX case_archives_retain_until ON case_archives (retain_until) WHERE retain_until IS NOT NULL;
