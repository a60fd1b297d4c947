-- Centres at every level of the network: 市/县 政务服务中心, 分中心 (e.g. 不动产), 乡镇（街道）便民服务
-- 中心, 村（社区）便民服务站 and 代办点, each with its hours and functional areas.
ALTER TABLE centres
  ADD COLUMN kind text NOT NULL DEFAULT 'centre'
    CHECK (kind IN ('centre', 'branch', 'town_centre', 'village_station', 'agency_point')),
  ADD COLUMN parent_centre_id integer REFERENCES centres (id),
  ADD COLUMN hours text NOT NULL DEFAULT '',
  -- 功能区: e.g. ["综合受理区", "自助服务区", "出件区"]
  ADD COLUMN functional_areas jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(functional_areas) = 'array'),
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  -- 村代办点 四公开: the place the agent serves from, published with the agent's name and phone.
  ADD COLUMN public_note text NOT NULL DEFAULT '',
  ADD CONSTRAINT centres_branch_has_parent CHECK (kind <> 'branch' OR parent_centre_id IS NOT NULL);
CREATE INDEX centres_region_idx ON centres (region_code);
CREATE INDEX centres_parent_idx ON centres (parent_centre_id);
