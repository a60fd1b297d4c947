-- The platform's clock in SQL: real time plus the offset a pinned test clock sets on the
-- connection (onewindow.clock_offset_ms, unset in production), so SQL and the services agree on
-- today. china_today() reads it.
CREATE FUNCTION clock_now() RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + coalesce(nullif(current_setting('onewindow.clock_offset_ms', true), '')::bigint, 0) * interval '1 millisecond'
$$;

CREATE OR REPLACE FUNCTION china_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT (clock_now() AT TIME ZONE 'Asia/Shanghai')::date
$$;
