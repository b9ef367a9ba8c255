DROP TRIGGER kaiwa_ai_usage_seconds;
DROP TABLE kaiwa_ai_usage;
ALTER TABLE tiers DROP COLUMN kaiwa_ai_model;
