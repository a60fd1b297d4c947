-- 巡查: the inspector walks the hall and records discipline findings; only this role may record them.
INSERT INTO roles (code, name) VALUES ('inspector', '巡查人员') ON CONFLICT DO NOTHING;
