-- 考勤: staff sign in and out at their window; a window left while its categories have people
-- waiting is flagged.
CREATE TABLE window_attendance (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  window_id integer NOT NULL REFERENCES windows (id),
  day date NOT NULL,
  signed_in_at timestamptz NOT NULL DEFAULT now(),
  signed_out_at timestamptz
);
CREATE UNIQUE INDEX window_attendance_one_open ON window_attendance (user_id) WHERE signed_out_at IS NULL;
CREATE INDEX window_attendance_day_idx ON window_attendance (day, window_id);

CREATE TABLE window_closure_flags (
  id bigserial PRIMARY KEY,
  window_id integer NOT NULL REFERENCES windows (id),
  user_id integer REFERENCES users (id),
  flagged_at timestamptz NOT NULL DEFAULT now(),
  waiting integer NOT NULL,
  categories text NOT NULL
);
CREATE INDEX window_closure_flags_at_idx ON window_closure_flags (flagged_at);
