-- 评价器的评价指标, per centre: which indicators the window's tablet asks for besides the overall
-- level (seed 000 scores 满意、基本满意、服务态度、服务时长、服务熟练程度 …). A centre without a row
-- uses the national 好差评 window indicators (GB/T 39735). Ratings already given keep the
-- indicators they were given with.
CREATE TABLE centre_rating_indicators (
  centre_id integer PRIMARY KEY REFERENCES centres (id),
  indicators jsonb NOT NULL,
  updated_by integer REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
