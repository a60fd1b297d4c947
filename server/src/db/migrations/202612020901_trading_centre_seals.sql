-- Which department's electronic seal a trading centre signs its award notices with (the
-- 公共资源交易中心 is a department of the service centre, with its own seal).
CREATE TABLE trading_centre_seals (
  centre_id integer PRIMARY KEY REFERENCES centres (id),
  department_id integer NOT NULL REFERENCES departments (id)
);
