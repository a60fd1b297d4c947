-- Regions down to towns and villages, with the 12-digit 统计用区划代码 (2 province, 2 city, 2 county,
-- 3 town, 3 village digits).
--
-- Migration path (see README "四级网络"): a region's key stays what it was for the levels that have a
-- 6-digit 行政区划代码 (province, city, county: '220581'), because case numbers, item implementation
-- codes, calendars and every existing row use it; towns and villages, which have no 6-digit code,
-- are keyed by their 12 digits ('220581100000'). Every region also carries `stat_code`, the full
-- 12 digits for all levels (a county's is its 6 digits followed by six zeros). The key columns that
-- may now hold a town's or a village's code widen from char(6) to varchar(12); a 6-digit value stays
-- valid everywhere, so existing queries and data keep working, and a region's subtree is still
-- "codes starting with its significant prefix" (2/4/6/9/12 digits).
ALTER TABLE users DROP CONSTRAINT users_region_code_fkey;
ALTER TABLE centres DROP CONSTRAINT centres_region_code_fkey;
ALTER TABLE departments DROP CONSTRAINT departments_region_code_fkey;
ALTER TABLE cases DROP CONSTRAINT cases_region_code_fkey;
ALTER TABLE regions DROP CONSTRAINT regions_parent_code_fkey;

ALTER TABLE regions DROP CONSTRAINT regions_code_check;
ALTER TABLE regions ALTER COLUMN code TYPE varchar(12), ALTER COLUMN parent_code TYPE varchar(12);
ALTER TABLE regions ADD CONSTRAINT regions_code_check CHECK (
  CASE WHEN level IN ('province', 'city', 'county') THEN code ~ '^[0-9]{6}$' ELSE code ~ '^[0-9]{12}$' END);
ALTER TABLE regions ADD COLUMN stat_code char(12) GENERATED ALWAYS AS (rpad(code, 12, '0')) STORED UNIQUE;
-- The shape of each level: its own digits are not all zero, every digit after them is.
ALTER TABLE regions ADD CONSTRAINT regions_stat_code_shape CHECK (
  CASE level
    WHEN 'province' THEN stat_code ~ '^[0-9]{2}0{10}$' AND substr(stat_code, 1, 2) <> '00'
    WHEN 'city' THEN stat_code ~ '^[0-9]{4}0{8}$' AND substr(stat_code, 3, 2) <> '00'
    WHEN 'county' THEN stat_code ~ '^[0-9]{6}0{6}$' AND substr(stat_code, 5, 2) <> '00'
    WHEN 'town' THEN stat_code ~ '^[0-9]{9}000$' AND substr(stat_code, 7, 3) <> '000'
    ELSE substr(stat_code, 10, 3) <> '000'
  END);
ALTER TABLE regions ADD CONSTRAINT regions_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES regions (code);

ALTER TABLE users ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE centres ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE departments ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE cases ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE case_number_sequences ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE feed_log ALTER COLUMN region_code TYPE varchar(12);
ALTER TABLE users ADD CONSTRAINT users_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions (code);
ALTER TABLE centres ADD CONSTRAINT centres_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions (code);
ALTER TABLE departments ADD CONSTRAINT departments_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions (code);
ALTER TABLE cases ADD CONSTRAINT cases_region_code_fkey FOREIGN KEY (region_code) REFERENCES regions (code);

-- Significant prefix of a code: what every code in its subtree starts with.
CREATE FUNCTION region_prefix(code text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN length(code) = 6 AND code LIKE '__0000' THEN left(code, 2)
    WHEN length(code) = 6 AND code LIKE '____00' THEN left(code, 4)
    WHEN length(code) = 6 THEN code
    WHEN code LIKE '%000000' THEN region_prefix(left(code, 6))
    WHEN code LIKE '%000' THEN left(code, 9)
    ELSE code
  END
$$;

-- A child's code lies inside its parent's (parent prefix), one or more levels below it. Checked on
-- write so a tree entered by hand or imported can never hold a town under the wrong county.
CREATE FUNCTION regions_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent regions%ROWTYPE;
  ranks constant text[] := ARRAY['province', 'city', 'county', 'town', 'village'];
BEGIN
  IF NEW.parent_code IS NULL THEN
    IF NEW.level IN ('town', 'village') THEN
      RAISE EXCEPTION 'region % (%): a % needs its parent', NEW.code, NEW.name, NEW.level USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT * INTO parent FROM regions WHERE code = NEW.parent_code;
  IF NOT FOUND THEN RETURN NEW; END IF; -- the foreign key answers that
  IF array_position(ranks, parent.level) >= array_position(ranks, NEW.level::text) THEN
    RAISE EXCEPTION 'region %: a % cannot sit under a %', NEW.code, NEW.level, parent.level USING ERRCODE = 'check_violation';
  END IF;
  IF left(rpad(NEW.code, 12, '0'), length(region_prefix(parent.code))) <> region_prefix(parent.code) THEN
    RAISE EXCEPTION 'region %: code does not start with its parent''s prefix %', NEW.code, region_prefix(parent.code) USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER regions_check_parent BEFORE INSERT OR UPDATE OF code, parent_code, level ON regions
  FOR EACH ROW EXECUTE FUNCTION regions_check_parent();
