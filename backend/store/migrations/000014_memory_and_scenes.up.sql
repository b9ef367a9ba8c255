-- What Kai remembers about a learner, per language: short facts they shared
-- in conversations or told the onboarding. A fact the learner deletes keeps
-- only its key (a hash of its normalised text, the text itself is erased),
-- so the same fact learned again later is not brought back.
CREATE TABLE learner_facts (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language        TEXT NOT NULL,
    text            TEXT NOT NULL,
    fact_key        TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('conversation', 'onboarding')),
    mentions        INTEGER NOT NULL DEFAULT 1 CHECK (mentions >= 1),
    forgotten       INTEGER NOT NULL DEFAULT 0 CHECK (forgotten IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (user_id, language, fact_key)
);

-- Memory is on unless the learner turns it off.
ALTER TABLE user_preferences ADD COLUMN memory INTEGER NOT NULL DEFAULT 1 CHECK (memory IN (0, 1));

-- Scenes a learner writes are scenarios owned by their profile (NULL: a
-- built-in one everybody sees). The store deletes them with their owner.
ALTER TABLE scenarios ADD COLUMN owner_id TEXT;
CREATE INDEX scenarios_owner ON scenarios (owner_id);
