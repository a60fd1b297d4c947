-- One global, append-only sequence over every case's timeline rows (modules/audit/ledger.ts): each
-- sealed row links the previous one by SM3, so a deleted case, a cut tail or a recomputed case
-- chain no longer matches the ledger, and the ledger's head is signed in checkpoints kept outside
-- the database.
CREATE TABLE audit_ledger_pending (
  event_id bigint PRIMARY KEY
);

CREATE TABLE audit_ledger (
  -- Gapless: one sealer at a time (advisory lock) hands out previous + 1.
  position bigint PRIMARY KEY,
  event_id bigint NOT NULL UNIQUE,
  case_id uuid NOT NULL,
  seq integer NOT NULL,
  event_hash bytea NOT NULL,
  -- SM3(previous chain_hash ‖ position ‖ case_id ‖ seq ‖ event_hash)
  chain_hash bytea NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- Statement-level like the feed's trigger: a bulk load costs one INSERT … SELECT.
CREATE FUNCTION audit_ledger_mark_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_ledger_pending (event_id) SELECT id FROM inserted_events;
  RETURN NULL;
END;
$$;
CREATE TRIGGER case_events_audit_ledger
  AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS inserted_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_ledger_mark_pending();

-- History written before the ledger is sealed on the first run, oldest first.
INSERT INTO audit_ledger_pending (event_id) SELECT id FROM case_events;
