-- The voice a learner chose for each language they practise: switching
-- language brings back that language's voice.
CREATE TABLE user_voices (
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language_code TEXT NOT NULL REFERENCES languages(code),
    speaker_id    TEXT NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, language_code)
);
INSERT INTO user_voices (user_id, language_code, speaker_id)
    SELECT p.user_id, s.language_code, s.id FROM user_preferences p JOIN speakers s ON s.id = p.preferred_voice;

ALTER TABLE user_preferences ADD COLUMN speak_replies INTEGER NOT NULL DEFAULT 0 CHECK (speak_replies IN (0, 1));
ALTER TABLE user_preferences ADD COLUMN send_after_speaking INTEGER NOT NULL DEFAULT 0 CHECK (send_after_speaking IN (0, 1));
ALTER TABLE user_preferences ADD COLUMN speech_speed REAL NOT NULL DEFAULT 1 CHECK (speech_speed BETWEEN 0.5 AND 1.5);
