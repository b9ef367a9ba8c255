-- A conversation the learner deletes loses its messages and audio; the row
-- stays, marked, because the month's AI use and past study days count it.
ALTER TABLE conversations ADD COLUMN deleted_at TEXT;
