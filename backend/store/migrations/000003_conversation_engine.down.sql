DROP TABLE app_settings;
ALTER TABLE messages DROP COLUMN choices;
ALTER TABLE messages DROP COLUMN hint;
ALTER TABLE conversations DROP COLUMN last_activity_at;
ALTER TABLE conversations DROP COLUMN partner_state;
