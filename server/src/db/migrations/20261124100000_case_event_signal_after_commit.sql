-- The big screen's signal moves out of the writing transaction (modules/cases/signals.ts): a NOTIFY
-- inside it makes PostgreSQL serialise the commits of every case step behind one lock held through
-- the commit's WAL flush. The application now sends the same payload right after the commit.
DROP TRIGGER case_events_notify ON case_events;
DROP FUNCTION notify_case_event();
