-- 证照类型: what a licence holds (fields), how long it lives, how its face looks, and which items issue it.
CREATE TABLE licence_types (
  id serial PRIMARY KEY,
  -- 证照类型代码 (GB/T 36902 style): the defining body's credit code + a 3-digit sequence.
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$'),
  name text NOT NULL UNIQUE,
  department_id integer NOT NULL REFERENCES departments (id),
  holder_kind text NOT NULL CHECK (holder_kind IN ('natural', 'legal', 'both')),
  -- 证照编号 prefix on the face, e.g. JY for 食品经营许可证.
  number_prefix text NOT NULL CHECK (number_prefix ~ '^[A-Z]{0,4}$'),
  fields jsonb NOT NULL DEFAULT '[]',
  -- Years a licence is valid; null = 长期.
  validity_years integer CHECK (validity_years IS NULL OR validity_years BETWEEN 1 AND 100),
  layout jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Approving a case of one of these items issues a licence of the type.
CREATE TABLE licence_type_items (
  licence_type_id integer NOT NULL REFERENCES licence_types (id) ON DELETE CASCADE,
  item_id integer NOT NULL REFERENCES service_items (id),
  PRIMARY KEY (item_id)
);
