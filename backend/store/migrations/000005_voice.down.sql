ALTER TABLE user_preferences DROP COLUMN speech_speed;
ALTER TABLE user_preferences DROP COLUMN send_after_speaking;
ALTER TABLE user_preferences DROP COLUMN speak_replies;
DROP TABLE user_voices;
