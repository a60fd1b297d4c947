-- The hall's rules a centre may change: no-shows that pause booking, reminders, check-in window.
INSERT INTO settings (key, value) VALUES ('hall', '{"noShowLimit": 3, "noShowWindowDays": 90, "pauseDays": 30, "reminderHours": 24, "checkInEarlyMinutes": 60, "checkInLateMinutes": 30, "elderlyAge": 60}')
ON CONFLICT (key) DO NOTHING;
