-- 曝光台: how names appear on the public board (mask = 张**, full, none = window only).
UPDATE settings SET value = value || '{"exposureNames": "mask"}'::jsonb WHERE key = 'hall';
