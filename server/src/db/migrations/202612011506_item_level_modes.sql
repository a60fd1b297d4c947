-- What each level offers per item: 全程办 (decided there), 收件转报 (accepted there, decided above),
-- 代办 (an agent applies). The guiding list for towns and villages (基层便民服务事项指导性目录) marks
-- the items every town or village must offer (应进必进).
CREATE TABLE item_level_modes (
  item_id integer NOT NULL REFERENCES service_items (id),
  level text NOT NULL CHECK (level IN ('city', 'county', 'town', 'village')),
  mode text NOT NULL CHECK (mode IN ('full', 'forward', 'agency')),
  guiding boolean NOT NULL DEFAULT false,
  PRIMARY KEY (item_id, level)
);

-- What one town or village centre actually offers today (the compliance report compares the two).
CREATE TABLE centre_items (
  centre_id integer NOT NULL REFERENCES centres (id),
  item_id integer NOT NULL REFERENCES service_items (id),
  mode text NOT NULL CHECK (mode IN ('full', 'forward', 'agency')),
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (centre_id, item_id)
);
