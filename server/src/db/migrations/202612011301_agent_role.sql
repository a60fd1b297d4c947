-- 代办员: centre staff who apply and follow cases on an applicant's behalf (全程代办). The
-- village-agency module uses the same code, hence ON CONFLICT.
INSERT INTO roles (code, name) VALUES ('agent', '代办员') ON CONFLICT DO NOTHING;
