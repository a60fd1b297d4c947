-- 提前办结率 counts over 承诺件 only (an 即办件 is decided on the spot and cannot be early): each
-- day's statistics carry the completed 承诺件 as the rate's denominator, and early counts them
-- alone. Every rolled day is rolled again (on the next statistic asked, or by the periodic job)
-- so past figures follow the same rule.
ALTER TABLE stats_daily ADD COLUMN completed_promised integer NOT NULL DEFAULT 0;
TRUNCATE stats_rolled_days;
