-- Roles as rows, not a CHECK list: each module that brings a role (department head, agent,
-- inspector, expert …) adds its row in its own migration instead of rewriting one shared list.
CREATE TABLE roles (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,39}$'),
  name text NOT NULL
);
INSERT INTO roles (code, name) VALUES
  ('applicant', '申请人'),
  ('clerk', '窗口受理人员'),
  ('reviewer', '审批人员'),
  ('admin', '中心管理员'),
  ('supervisor', '电子监察');
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_fkey FOREIGN KEY (role) REFERENCES roles (code);
