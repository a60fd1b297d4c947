-- 行政许可法第四十五条: only the time needed for 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 is
-- left out of the limit, and the applicant is told in writing how long it takes. 现场勘查 is part
-- of the review and runs on the clock; "其他特别程序" is no ground at all.
--
-- The new grounds: tender 招标, auction 拍卖, examination 检验, quarantine 检疫, appraisal 鉴定
-- (testing now means 检测 alone). 'inspection' (现场勘查) and 'other' stay allowed in this column
-- so the stops recorded before this change stay readable as they were (their timeline rows are
-- hash-chained and never rewritten); the service refuses them for every new stop, and an open
-- one can still be resumed.
ALTER TABLE case_clock_stops DROP CONSTRAINT case_clock_stops_kind_check;
ALTER TABLE case_clock_stops ADD CONSTRAINT case_clock_stops_kind_check CHECK (kind IN (
  'correction', 'hearing', 'tender', 'auction', 'examination', 'testing', 'quarantine', 'appraisal', 'expert_review',
  'inspection', 'other'));

-- The written notice (特别程序告知书) states how long the stop is expected to take: working days
-- and the date they end. Null on stops recorded before this change.
ALTER TABLE case_clock_stops ADD COLUMN expected_workdays integer CHECK (expected_workdays > 0);
ALTER TABLE case_clock_stops ADD COLUMN expected_end_date date;

-- 补正 after acceptance stops the clock only where the item's own rules provide it (off by default).
ALTER TABLE service_items ADD COLUMN correction_stop_allowed boolean NOT NULL DEFAULT false;
