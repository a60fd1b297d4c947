-- 分类审批: accepted cases wait in the department's queue; a reviewer claims one and the item's
-- steps (审查 → 决定) run in order. Every person has a backup (AB角) who works their queue while
-- they are away.
ALTER TABLE cases
  ADD COLUMN assignee_id integer REFERENCES users (id),
  ADD COLUMN review_step text CHECK (review_step IN ('review', 'decision'));
CREATE INDEX cases_assignee_idx ON cases (assignee_id) WHERE status = 'accepted';

ALTER TABLE users
  ADD COLUMN backup_user_id integer REFERENCES users (id),
  ADD COLUMN away boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT users_backup_not_self CHECK (backup_user_id IS NULL OR backup_user_id <> id);
