-- 收费标准 as rules a machine can compute, beside the guide's text (service_items.fees): each line
-- a fixed amount, an amount per unit of a form field, or an amount chosen by a form field's option.
CREATE TABLE item_fee_rules (
  item_id integer PRIMARY KEY REFERENCES service_items (id),
  lines jsonb NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
