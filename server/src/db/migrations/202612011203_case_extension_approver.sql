-- Who must approve a case's extension: the department head (art. 42, single-department handling),
-- or the head of the people's government for joint handling (art. 42, second paragraph).
ALTER TABLE cases
  ADD COLUMN extension_approver text NOT NULL DEFAULT 'department_head'
    CHECK (extension_approver IN ('department_head', 'government_head'));
-- The approvers' inboxes read pending requests only.
CREATE INDEX case_extensions_pending_list_idx ON case_extensions (requested_at) WHERE status = 'pending';
