-- The intermediary supermarket's own account kind: an intermediary organisation's staff member.
INSERT INTO roles (code, name) VALUES ('intermediary', '中介机构') ON CONFLICT DO NOTHING;
