-- Try before you commit: what onboarding learns, and when to ask a guest
-- again whether to save their progress.
ALTER TABLE user_preferences ADD COLUMN comfort INTEGER CHECK (comfort BETWEEN 1 AND 5);
ALTER TABLE users ADD COLUMN save_declines INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN save_ask_after INTEGER NOT NULL DEFAULT 1;
