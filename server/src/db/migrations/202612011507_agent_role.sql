-- 代办员: village agency point agents (and, in the joint module, 全程代办 agents) apply on someone's behalf.
INSERT INTO roles (code, name) VALUES ('agent', '代办员') ON CONFLICT DO NOTHING;
