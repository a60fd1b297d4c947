-- 部门负责人 / 分管领导: the head of an administrative organ approves extensions (行政许可法 art. 42)
-- and signs decisions where an item's review chain gives them the deciding step.
INSERT INTO roles (code, name) VALUES ('department_head', '部门负责人') ON CONFLICT DO NOTHING;
