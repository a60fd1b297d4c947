-- 预约时段: published per category; `booked` is raised by one guarded UPDATE, so concurrent
-- bookings of a slot never pass its capacity. regular = working hours, extended = 延时服务 after
-- hours, weekend = "365" slots on a day off.
CREATE TABLE appointment_slots (
  id bigserial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  category_id integer NOT NULL REFERENCES hall_categories (id),
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('regular', 'extended', 'weekend')),
  capacity integer NOT NULL CHECK (capacity BETWEEN 0 AND 500),
  booked integer NOT NULL DEFAULT 0,
  CHECK (ends_at > starts_at),
  CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (category_id, starts_at)
);
CREATE INDEX appointment_slots_day_idx ON appointment_slots (centre_id, day);
