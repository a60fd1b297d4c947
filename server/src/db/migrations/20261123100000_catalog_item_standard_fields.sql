-- The item to the national catalogue standard (GB/T 39554): type, hierarchy, implementing body,
-- legal basis, conditions, materials, fees, trips, online depth, channels, windows, phones, process.
-- Lists (materials, legal basis, fees, process) are jsonb validated by the application's zod schemas:
-- they are always read and written with their item, never queried on their own.
ALTER TABLE service_items
  -- 01 行政许可 … 10 其他行政权力, 20 公共服务
  ADD COLUMN item_type char(2) NOT NULL DEFAULT '01'
    CHECK (item_type IN ('01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20')),
  -- 基本编码, shared across levels: XK-00001-001
  ADD COLUMN basic_code text NOT NULL DEFAULT '',
  -- 主项 / 子项 / 业务办理项
  ADD COLUMN hierarchy text NOT NULL DEFAULT 'main' CHECK (hierarchy IN ('main', 'sub', 'handling')),
  ADD COLUMN handling_kind text CHECK (handling_kind IN ('new', 'change', 'renew', 'cancel', 'other')),
  ADD COLUMN parent_id integer REFERENCES service_items (id),
  -- 实施主体 and its level (1 national … 4 county, 5 town, 6 village)
  ADD COLUMN implementing_body text NOT NULL DEFAULT '',
  ADD COLUMN implementing_level smallint NOT NULL DEFAULT 4 CHECK (implementing_level BETWEEN 1 AND 6),
  ADD COLUMN legal_basis jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN conditions text NOT NULL DEFAULT '',
  ADD COLUMN materials jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN fees jsonb NOT NULL DEFAULT '{"free": true, "items": []}',
  -- 到现场次数: 0 (零跑动), 1 (最多跑一次), 2 (two or more)
  ADD COLUMN trips smallint NOT NULL DEFAULT 1 CHECK (trips BETWEEN 0 AND 2),
  -- 网办深度: 1 信息公开 … 4 全程网办
  ADD COLUMN online_depth smallint NOT NULL DEFAULT 1 CHECK (online_depth BETWEEN 1 AND 4),
  ADD COLUMN channels text[] NOT NULL DEFAULT '{window}',
  ADD COLUMN windows text NOT NULL DEFAULT '',
  ADD COLUMN consult_phone text NOT NULL DEFAULT '',
  ADD COLUMN complaint_phone text NOT NULL DEFAULT '',
  ADD COLUMN process jsonb NOT NULL DEFAULT '[]',
  -- 服务对象
  ADD COLUMN target text NOT NULL DEFAULT 'both' CHECK (target IN ('natural', 'legal', 'both')),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX service_items_basic_code_idx ON service_items (basic_code);
CREATE INDEX service_items_parent_idx ON service_items (parent_id);
