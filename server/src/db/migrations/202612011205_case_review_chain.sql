-- A case runs the chain its item had at acceptance (a later catalogue change does not reroute a
-- running case). review_step holds the current step's key, so it is no longer a fixed pair.
ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_review_step_check;
ALTER TABLE cases
  ADD COLUMN review_chain jsonb,
  ADD COLUMN review_step_index integer,
  ADD COLUMN review_step_role text,
  -- 会签: departments other than the case's own that sign a step see the case.
  ADD COLUMN countersign_department_ids integer[] NOT NULL DEFAULT '{}';
-- Running cases continue on the two-step chain they started with.
UPDATE cases
   SET review_chain = '{"distinctPersons": false, "steps": [{"key": "review", "label": "审查", "kind": "handle", "role": "reviewer"}, {"key": "decision", "label": "决定", "kind": "approve", "role": "reviewer", "decides": true}]}',
       review_step_index = CASE review_step WHEN 'decision' THEN 1 ELSE 0 END,
       review_step_role = 'reviewer'
 WHERE review_step IS NOT NULL;
CREATE INDEX cases_countersign_idx ON cases USING gin (countersign_department_ids) WHERE countersign_department_ids <> '{}';
