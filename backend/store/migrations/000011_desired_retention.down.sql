ALTER TABLE user_preferences DROP COLUMN desired_retention;
