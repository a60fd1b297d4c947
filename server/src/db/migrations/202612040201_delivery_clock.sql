-- 行政许可法 art. 44: a granted licence is issued and delivered (颁发、送达) within ten working days
-- of the decision. The deadline is fixed at the decision from the region's calendar; the sweep
-- warns once yellow and once red; the issuance records whether it came late, for the figures.
ALTER TABLE cases
  ADD COLUMN delivery_due_date date,
  ADD COLUMN delivery_warn_date date,
  ADD COLUMN delivery_warned_yellow_at timestamptz,
  ADD COLUMN delivery_warned_red_at timestamptz,
  ADD COLUMN delivered_late boolean;

-- The sweep and the seat read the granted cases still waiting for delivery, nearest deadline first.
CREATE INDEX cases_awaiting_delivery_idx ON cases (delivery_due_date) WHERE status = 'approved' AND delivery_due_date IS NOT NULL;
