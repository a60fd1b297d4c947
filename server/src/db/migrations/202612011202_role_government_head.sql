-- 本级人民政府负责人: approves the 15-day extension of a joint application (行政许可法 art. 42,
-- 统一办理、联合办理、集中办理), scoped to the government's region.
INSERT INTO roles (code, name) VALUES ('government_head', '本级人民政府负责人') ON CONFLICT DO NOTHING;
