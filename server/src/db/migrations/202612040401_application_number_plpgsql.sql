-- next_application_number in PL/pgSQL instead of SQL. A SQL function whose body reads FROM a
-- subquery is not inlined, so PostgreSQL parsed and planned its body on every submission (0.1–0.4
-- ms of the submission statement's ~2 ms, measured with auto_explain); PL/pgSQL keeps the plan of
-- its expression for the life of the connection. Same format, same sequence.
CREATE OR REPLACE FUNCTION next_application_number(region_code text, day date) RETURNS text
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  n text := nextval('case_number_seq')::text;
BEGIN
  -- At least five digits, more once the sequence needs them (lpad alone would cut a longer one).
  RETURN region_code || '-' || to_char(day, 'YYYYMMDD') || '-' || lpad(n, greatest(5, length(n)), '0');
END;
$$;
