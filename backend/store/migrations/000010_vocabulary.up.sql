-- The learner's vocabulary: one card per word or phrase in a language
-- (normalized: width, case, katakana as hiragana), with where it came from
-- and its FSRS state, and a log of every review.
CREATE TABLE vocabulary_progress (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language       TEXT NOT NULL,
    word           TEXT NOT NULL,
    normalized     TEXT NOT NULL,
    reading        TEXT NOT NULL DEFAULT '',
    meaning        TEXT NOT NULL DEFAULT '',                -- in the learner's native language
    example        TEXT NOT NULL DEFAULT '',
    message_id     TEXT REFERENCES messages(id) ON DELETE SET NULL,
    due            TEXT NOT NULL,
    stability      REAL NOT NULL DEFAULT 0,
    difficulty     REAL NOT NULL DEFAULT 0,
    elapsed_days   INTEGER NOT NULL DEFAULT 0,
    scheduled_days INTEGER NOT NULL DEFAULT 0,
    reps           INTEGER NOT NULL DEFAULT 0,
    lapses         INTEGER NOT NULL DEFAULT 0,
    state          INTEGER NOT NULL DEFAULT 0,              -- FSRS: 0 new, 1 learning, 2 review, 3 relearning
    last_review    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (user_id, language, normalized)
);
CREATE INDEX vocabulary_progress_due ON vocabulary_progress (user_id, language, due);

CREATE TABLE vocabulary_reviews (
    id             INTEGER PRIMARY KEY,
    card_id        TEXT NOT NULL REFERENCES vocabulary_progress(id) ON DELETE CASCADE,
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    state          INTEGER NOT NULL,                        -- the card's state before the review
    due            TEXT NOT NULL,                           -- and after it: when it comes back
    stability      REAL NOT NULL,
    difficulty     REAL NOT NULL,
    elapsed_days   INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    reviewed_at    TEXT NOT NULL
);
CREATE INDEX vocabulary_reviews_card ON vocabulary_reviews (card_id, reviewed_at);
