ALTER TABLE user_preferences DROP COLUMN reading_aids;
ALTER TABLE conversations DROP COLUMN report;
ALTER TABLE messages DROP COLUMN correction;
