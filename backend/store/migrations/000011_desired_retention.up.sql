-- The chance of remembering a word when it comes back for review, as the
-- learner wants it: higher means shorter intervals and more reviews.
ALTER TABLE user_preferences ADD COLUMN desired_retention REAL NOT NULL DEFAULT 0.9
    CHECK (desired_retention BETWEEN 0.7 AND 0.97);
