-- 中介超市: the list of intermediary services, the registered intermediaries with their
-- qualifications, selection announcements and responses, contracts on the clock, ratings,
-- complaints, sanctions, and an SM3-chained event log of every step.

-- 中介服务事项清单
CREATE TABLE intermediary_service_types (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,20}$'),
  name text NOT NULL,
  legal_basis text NOT NULL,
  fee_basis text NOT NULL,
  -- 通常办理时限, in the unit below
  usual_days integer NOT NULL CHECK (usual_days BETWEEN 1 AND 720),
  day_unit text NOT NULL DEFAULT 'workday' CHECK (day_unit IN ('workday', 'natural_day')),
  published boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Which approval items require which intermediary service.
CREATE TABLE intermediary_service_items (
  service_type_id integer NOT NULL REFERENCES intermediary_service_types (id) ON DELETE CASCADE,
  item_id integer NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  PRIMARY KEY (service_type_id, item_id)
);
CREATE INDEX intermediary_service_items_item ON intermediary_service_items (item_id);

CREATE TABLE intermediaries (
  id serial PRIMARY KEY,
  credit_code char(18) NOT NULL UNIQUE,
  name text NOT NULL,
  -- 网上中介超市 (virtual) or stationed in the hall (physical)
  presence text NOT NULL CHECK (presence IN ('online', 'hall')),
  legal_representative text NOT NULL,
  address text NOT NULL,
  phone text NOT NULL,
  contact_name text NOT NULL,
  introduction text NOT NULL DEFAULT '',
  -- [{address, phone}]
  offices jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'suspended', 'blacklisted')),
  review_note text,
  reviewed_by integer REFERENCES users (id),
  reviewed_at timestamptz,
  -- a suspension or blacklisting ends on this China date (null: until lifted)
  sanction_ends_on date,
  account_user_id integer UNIQUE REFERENCES users (id),
  region_code char(6) NOT NULL REFERENCES regions (code),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intermediary_qualifications (
  id serial PRIMARY KEY,
  intermediary_id integer NOT NULL REFERENCES intermediaries (id) ON DELETE CASCADE,
  service_type_id integer NOT NULL REFERENCES intermediary_service_types (id),
  certificate_number text NOT NULL,
  grade text NOT NULL DEFAULT '',
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  -- 收费标准 for this service
  fee_standard text NOT NULL,
  -- 'expired' is set by the daily sweep; a response also checks valid_to itself
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired', 'suspended')),
  CHECK (valid_to >= valid_from),
  UNIQUE (intermediary_id, service_type_id)
);

CREATE TABLE intermediary_staff (
  id serial PRIMARY KEY,
  intermediary_id integer NOT NULL REFERENCES intermediaries (id) ON DELETE CASCADE,
  name text NOT NULL,
  title text NOT NULL,
  certificate_number text
);

-- 选取公告
CREATE TABLE intermediary_announcements (
  id serial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  owner_user_id integer NOT NULL REFERENCES users (id),
  -- derived from the owner's 统一社会信用代码: '1…' 机关/事业单位 are public bodies
  owner_kind text NOT NULL CHECK (owner_kind IN ('enterprise', 'public_body')),
  funding text NOT NULL CHECK (funding IN ('own', 'public')),
  service_type_id integer NOT NULL REFERENCES intermediary_service_types (id),
  project_name text NOT NULL,
  case_id uuid REFERENCES cases (id),
  budget_ceiling integer NOT NULL CHECK (budget_ceiling > 0),
  service_days integer NOT NULL CHECK (service_days BETWEEN 1 AND 720),
  day_unit text NOT NULL CHECK (day_unit IN ('workday', 'natural_day')),
  requirements text NOT NULL,
  method text NOT NULL CHECK (method IN ('random', 'lowest_price', 'quality_price', 'direct')),
  -- quality_price: share of the price in the score, the rest is the intermediary's credit score
  price_weight numeric(3, 2) CHECK (price_weight BETWEEN 0 AND 1),
  response_deadline timestamptz NOT NULL,
  publicity_workdays integer NOT NULL DEFAULT 3 CHECK (publicity_workdays BETWEEN 1 AND 15),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'selected', 'contracted', 'failed', 'cancelled')),
  selected_response_id integer,
  -- the random draw is reproducible from this seed and the ordered list of valid responses
  draw_seed text,
  selection_detail jsonb,
  selected_at timestamptz,
  publicity_ends_on date,
  region_code char(6) NOT NULL REFERENCES regions (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (method <> 'quality_price' OR price_weight IS NOT NULL),
  CHECK (method <> 'direct' OR funding = 'own')
);
CREATE INDEX intermediary_announcements_owner ON intermediary_announcements (owner_user_id);
CREATE INDEX intermediary_announcements_open ON intermediary_announcements (service_type_id) WHERE status = 'open';

CREATE TABLE intermediary_responses (
  id serial PRIMARY KEY,
  announcement_id integer NOT NULL REFERENCES intermediary_announcements (id),
  intermediary_id integer NOT NULL REFERENCES intermediaries (id),
  quote integer NOT NULL CHECK (quote > 0),
  promised_days integer NOT NULL CHECK (promised_days BETWEEN 1 AND 720),
  note text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'withdrawn')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (announcement_id, intermediary_id)
);
ALTER TABLE intermediary_announcements
  ADD CONSTRAINT intermediary_announcements_selected_fkey FOREIGN KEY (selected_response_id) REFERENCES intermediary_responses (id);

-- The service itself, on the clock from the contract date.
CREATE TABLE intermediary_contracts (
  id serial PRIMARY KEY,
  announcement_id integer NOT NULL UNIQUE REFERENCES intermediary_announcements (id),
  intermediary_id integer NOT NULL REFERENCES intermediaries (id),
  owner_user_id integer NOT NULL REFERENCES users (id),
  price integer NOT NULL,
  signed_on date NOT NULL,
  promised_days integer NOT NULL,
  day_unit text NOT NULL CHECK (day_unit IN ('workday', 'natural_day')),
  due_date date NOT NULL,
  warn_date date NOT NULL,
  delivered_at timestamptz,
  delivered_on date,
  report_file_id uuid,
  report_name text,
  report_sm3 bytea,
  report_content_type text,
  -- the approval case the owner attached the report to
  attached_case_id uuid REFERENCES cases (id),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'delivered', 'terminated')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intermediary_contracts_intermediary ON intermediary_contracts (intermediary_id);

CREATE TABLE intermediary_ratings (
  contract_id integer PRIMARY KEY REFERENCES intermediary_contracts (id),
  -- 5 非常满意 … 1 非常不满意
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '',
  rated_by integer NOT NULL REFERENCES users (id),
  rated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intermediary_complaints (
  id serial PRIMARY KEY,
  intermediary_id integer NOT NULL REFERENCES intermediaries (id),
  contract_id integer REFERENCES intermediary_contracts (id),
  complainant_id integer NOT NULL REFERENCES users (id),
  content text NOT NULL,
  -- the centre's finding: null while open
  upheld boolean,
  finding text,
  decided_by integer REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- 警告 / 暂停 / 清退(黑名单), with reason and period.
CREATE TABLE intermediary_sanctions (
  id serial PRIMARY KEY,
  intermediary_id integer NOT NULL REFERENCES intermediaries (id),
  kind text NOT NULL CHECK (kind IN ('warning', 'suspension', 'blacklist')),
  reason text NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  decided_by integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every step, chained with SM3 like the case timeline: who did what to which record.
CREATE TABLE intermediary_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id integer REFERENCES users (id),
  actor_role text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id integer,
  data jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea,
  hash bytea NOT NULL
);
CREATE INDEX intermediary_events_entity ON intermediary_events (entity, entity_id);
CREATE INDEX intermediary_events_action ON intermediary_events (action);

-- 考核细则: points per record, configurable by the centre.
INSERT INTO settings (key, value) VALUES ('intermediary_assessment', '{
  "base": 80,
  "ratingPoints": {"5": 4, "4": 2, "3": 0, "2": -4, "1": -8},
  "onTimeDelivery": 2,
  "lateDelivery": -5,
  "lateDeliveryPerDay": -1,
  "upheldComplaint": -10,
  "warning": -5,
  "suspension": -15,
  "grades": [{"grade": "AAA", "min": 90}, {"grade": "AA", "min": 80}, {"grade": "A", "min": 70}, {"grade": "B", "min": 60}, {"grade": "C", "min": 0}],
  "directChoiceAllowed": true
}') ON CONFLICT DO NOTHING;
