-- Trading projects (交易项目) with their lots (标段), the centre's rooms and bookings, and the
-- publications (公告/公示) in the order the law sets.
CREATE TABLE trading_rooms (
  id serial PRIMARY KEY,
  centre_id integer NOT NULL REFERENCES centres (id),
  name text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('opening', 'evaluation'))
);
CREATE TABLE trading_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  centre_id integer NOT NULL REFERENCES centres (id),
  title text NOT NULL,
  category text NOT NULL CHECK (category IN ('construction', 'procurement', 'land', 'state_assets')),
  tenderer_id integer NOT NULL REFERENCES trading_enterprises (id),
  agency_user_id integer REFERENCES users (id),
  created_by integer NOT NULL REFERENCES users (id),
  budget numeric(16, 2) NOT NULL,
  qualifications jsonb NOT NULL DEFAULT '[]',
  evaluation_method text NOT NULL CHECK (evaluation_method IN ('comprehensive', 'lowest_price')),
  criteria jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'listed', 'rejected', 'announced', 'opened', 'evaluating', 'publicity', 'awarded')),
  review_note text,
  documents_from date,
  bid_deadline timestamptz,
  evaluation_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE trading_lots (
  id serial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  number integer NOT NULL,
  name text NOT NULL,
  budget numeric(16, 2) NOT NULL,
  UNIQUE (project_id, number)
);
CREATE TABLE trading_bookings (
  id serial PRIMARY KEY,
  room_id integer NOT NULL REFERENCES trading_rooms (id),
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  purpose text NOT NULL CHECK (purpose IN ('opening', 'evaluation')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX trading_bookings_room_idx ON trading_bookings (room_id, starts_at);
CREATE TABLE trading_publications (
  id bigserial PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  kind text NOT NULL CHECK (kind IN ('announcement', 'clarification', 'opening_record', 'candidates', 'result')),
  title text NOT NULL,
  body text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  published_at timestamptz NOT NULL DEFAULT now(),
  publicity_ends_at timestamptz,
  signature text
);
CREATE INDEX trading_publications_project_idx ON trading_publications (project_id, id);
