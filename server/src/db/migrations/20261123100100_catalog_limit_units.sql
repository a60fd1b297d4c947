-- Limits as value + unit + the text the guide published ("20个工作日", "六十日", "当场办结"), and
-- conditional limits ("不需现场核查的，当场办结；需现场核查的，10个工作日") parsed one by one.
-- The days columns keep their names: for an hour limit they hold hours, for on_the_spot 0.
ALTER TABLE service_items
  ADD COLUMN legal_limit_unit text NOT NULL DEFAULT 'workday'
    CHECK (legal_limit_unit IN ('workday', 'natural_day', 'hour', 'on_the_spot')),
  ADD COLUMN legal_limit_text text NOT NULL DEFAULT '',
  ADD COLUMN promised_limit_unit text NOT NULL DEFAULT 'workday'
    CHECK (promised_limit_unit IN ('workday', 'natural_day', 'hour', 'on_the_spot')),
  ADD COLUMN promised_limit_text text NOT NULL DEFAULT '',
  -- [{ condition, value, unit }] when a cell names several limits; the value columns hold the longest
  ADD COLUMN legal_limit_conditions jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN promised_limit_conditions jsonb NOT NULL DEFAULT '[]',
  -- 可延长: most working days an approved extension may add (Administrative Licensing Law art. 42)
  ADD COLUMN legal_extension_workdays integer CHECK (legal_extension_workdays >= 0);

-- Comparing days with hours is meaningless: the old rule holds only when both use the same unit.
ALTER TABLE service_items DROP CONSTRAINT service_items_check;
ALTER TABLE service_items ADD CONSTRAINT service_items_promised_within_legal CHECK (
  legal_limit_days IS NULL OR legal_limit_unit <> promised_limit_unit OR promised_limit_days <= legal_limit_days
);
