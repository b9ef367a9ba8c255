-- Feedback: a correction kept with each learner line (JSON: corrected,
-- explanation, new_words; from the AI partner or the offline partner's model
-- answer), a report kept with each ended conversation (JSON), and the
-- languages whose lines the learner reads with readings (furigana, pinyin…).
ALTER TABLE messages ADD COLUMN correction TEXT;
ALTER TABLE conversations ADD COLUMN report TEXT;
ALTER TABLE user_preferences ADD COLUMN reading_aids TEXT NOT NULL DEFAULT '[]';
