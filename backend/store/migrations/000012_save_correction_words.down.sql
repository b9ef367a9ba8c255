ALTER TABLE user_preferences DROP COLUMN save_correction_words;
