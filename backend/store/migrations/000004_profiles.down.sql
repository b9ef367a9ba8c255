ALTER TABLE users DROP COLUMN save_ask_after;
ALTER TABLE users DROP COLUMN save_declines;
ALTER TABLE user_preferences DROP COLUMN comfort;
