-- 本级人民政府负责人: approves the +15 working days of a joint application (art. 26/42). The law
-- module brings the same role for its own work, hence ON CONFLICT.
INSERT INTO roles (code, name) VALUES ('government_head', '本级人民政府负责人') ON CONFLICT DO NOTHING;
