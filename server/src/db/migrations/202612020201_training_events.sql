-- 演练时钟: what a training sweep (run "as of" a later day) would have done, kept apart from the
-- real record. Case timelines, warned_* columns, directives.escalated_at and the SMS outbox are
-- never touched by training, so the real circular, statistics and people see nothing of it.
CREATE TABLE training_events (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('warn_yellow', 'warn_red', 'directive_escalated')),
  case_id uuid REFERENCES cases (id),
  directive_id bigint REFERENCES directives (id),
  as_of date NOT NULL,
  -- Who would have been told (and by SMS when sms): never told.
  recipients integer[] NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  sms boolean NOT NULL,
  run_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT clock_now(),
  CHECK ((kind = 'directive_escalated') = (directive_id IS NOT NULL)),
  CHECK (kind = 'directive_escalated' OR case_id IS NOT NULL)
);

-- Each warning once per case, each escalation once per directive, as in the real sweep.
CREATE UNIQUE INDEX training_events_case_once ON training_events (kind, case_id) WHERE directive_id IS NULL;
CREATE UNIQUE INDEX training_events_directive_once ON training_events (directive_id) WHERE directive_id IS NOT NULL;
