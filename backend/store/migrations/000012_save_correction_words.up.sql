-- Save the new words of a correction as vocabulary cards as soon as the
-- correction arrives, without the learner choosing each one.
ALTER TABLE user_preferences ADD COLUMN save_correction_words INTEGER NOT NULL DEFAULT 0
    CHECK (save_correction_words IN (0, 1));
