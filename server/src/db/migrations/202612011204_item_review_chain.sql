-- 审批链: each item's back-office steps (承办 → 审核 → 批准, 现场勘查, 专家评审, 集体讨论, 会签), who
-- does each, which decides, which an 即办件 skips. Every existing item keeps the two steps it has
-- today: 审查 then 决定, both by the reviewer who claimed the case.
ALTER TABLE service_items
  ADD COLUMN review_chain jsonb NOT NULL DEFAULT '{"distinctPersons": false, "steps": [{"key": "review", "label": "审查", "kind": "handle", "role": "reviewer"}, {"key": "decision", "label": "决定", "kind": "approve", "role": "reviewer", "decides": true}]}';
