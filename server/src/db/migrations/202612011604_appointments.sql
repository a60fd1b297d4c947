-- 预约: real-name (the applicant's account), one active booking per person and item.
CREATE TABLE appointments (
  id bigserial PRIMARY KEY,
  slot_id bigint NOT NULL REFERENCES appointment_slots (id),
  applicant_id integer NOT NULL REFERENCES users (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  -- 预约码, typed at the kiosk when no ID card is at hand.
  code char(6) NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  checked_in_at timestamptz,
  reminded_at timestamptz
);
CREATE UNIQUE INDEX appointments_one_active_per_item ON appointments (applicant_id, item_id) WHERE status = 'booked';
CREATE INDEX appointments_slot_idx ON appointments (slot_id);
CREATE INDEX appointments_applicant_idx ON appointments (applicant_id, created_at DESC);
CREATE INDEX appointments_open_idx ON appointments (slot_id) WHERE status = 'booked';
