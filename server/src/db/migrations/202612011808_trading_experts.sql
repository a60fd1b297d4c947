-- 专家库 and draws. A draw's result is ciphertext until k of n key holders present their shares
-- (Shamir over the content key); the shares are sealed to each holder's certificate.
CREATE TABLE trading_experts (
  id serial PRIMARY KEY,
  user_id integer UNIQUE REFERENCES users (id),
  name text NOT NULL,
  id_hash text NOT NULL UNIQUE,
  id_masked text NOT NULL,
  specialities text[] NOT NULL,
  region_code text NOT NULL,
  employer_credit_code text,
  employer_name text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended'))
);
CREATE TABLE trading_draws (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES trading_projects (id),
  requested_by integer NOT NULL REFERENCES users (id),
  request jsonb NOT NULL,
  threshold integer NOT NULL CHECK (threshold >= 2),
  status text NOT NULL DEFAULT 'sealed' CHECK (status IN ('sealed', 'revealed')),
  ciphertext bytea NOT NULL,
  iv text NOT NULL,
  pool_sm3 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revealed_at timestamptz,
  seed text
);
CREATE TABLE trading_draw_shares (
  draw_id uuid NOT NULL REFERENCES trading_draws (id),
  holder_user_id integer NOT NULL REFERENCES users (id),
  share_x integer NOT NULL,
  sealed_share text NOT NULL,
  presented_share text,
  presented_at timestamptz,
  PRIMARY KEY (draw_id, holder_user_id)
);
CREATE TABLE trading_draw_members (
  draw_id uuid NOT NULL REFERENCES trading_draws (id),
  expert_id integer NOT NULL REFERENCES trading_experts (id),
  speciality text NOT NULL,
  position integer NOT NULL,
  role text NOT NULL CHECK (role IN ('member', 'reserve')),
  status text NOT NULL CHECK (status IN ('notified', 'accepted', 'declined', 'standby', 'called')),
  replaces integer REFERENCES trading_experts (id),
  PRIMARY KEY (draw_id, expert_id)
);
