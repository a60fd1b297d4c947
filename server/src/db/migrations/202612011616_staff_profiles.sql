-- 五公开 (staff): what the disclosure board shows of each member of staff on duty.
CREATE TABLE staff_profiles (
  user_id integer PRIMARY KEY REFERENCES users (id),
  staff_number text NOT NULL DEFAULT '' CHECK (length(staff_number) <= 20),
  duties text NOT NULL DEFAULT '' CHECK (length(duties) <= 200),
  photo bytea CHECK (octet_length(photo) <= 1048576),
  photo_type text CHECK (photo_type IN ('image/jpeg', 'image/png')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
