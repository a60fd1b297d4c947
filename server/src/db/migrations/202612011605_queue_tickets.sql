-- 排队叫号: a ticket per visitor and category; the waiting line is (priority DESC, queued_at).
CREATE TABLE queue_tickets (
  id bigserial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  category_id integer NOT NULL REFERENCES hall_categories (id),
  day date NOT NULL,
  number text NOT NULL,
  priority smallint NOT NULL DEFAULT 0,
  priority_reason text CHECK (priority_reason IN ('appointment', 'elderly', 'disabled', 'green_channel', 'transfer')),
  appointment_id bigint REFERENCES appointments (id),
  applicant_id integer REFERENCES users (id),
  -- Opens the ticket's page on the visitor's phone (the QR printed on the ticket).
  token text NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'done', 'skipped', 'abandoned')),
  -- 转窗 to one window: only that window calls it.
  target_window_id integer REFERENCES windows (id),
  window_id integer REFERENCES windows (id),
  clerk_id integer REFERENCES users (id),
  issued_at timestamptz NOT NULL DEFAULT now(),
  queued_at timestamptz NOT NULL DEFAULT now(),
  first_called_at timestamptz,
  called_at timestamptz,
  call_count integer NOT NULL DEFAULT 0,
  completed_at timestamptz,
  case_id uuid REFERENCES cases (id),
  window_service_id uuid REFERENCES window_services (id),
  UNIQUE (centre_id, day, number)
);
CREATE INDEX queue_tickets_waiting_idx ON queue_tickets (category_id, priority DESC, queued_at) WHERE status = 'waiting';
CREATE INDEX queue_tickets_day_idx ON queue_tickets (centre_id, day);
CREATE UNIQUE INDEX queue_tickets_one_per_appointment ON queue_tickets (appointment_id) WHERE appointment_id IS NOT NULL;

CREATE TABLE queue_counters (
  category_id integer NOT NULL REFERENCES hall_categories (id),
  day date NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (category_id, day)
);

-- Every call, recall, skip, transfer and completion: the display's history and the audit trail.
CREATE TABLE queue_events (
  id bigserial PRIMARY KEY,
  ticket_id bigint NOT NULL REFERENCES queue_tickets (id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL CHECK (action IN ('issue', 'check_in', 'call', 'recall', 'skip', 'transfer', 'complete', 'abandon')),
  window_id integer REFERENCES windows (id),
  actor_id integer REFERENCES users (id),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX queue_events_ticket_idx ON queue_events (ticket_id);
CREATE INDEX queue_events_at_idx ON queue_events (at);
