-- The partner adapts (issue 16): a CEFR level per learner and language,
-- estimated from each session and open to the learner's own choice, and
-- every run of a scenario kept as an attempt.

CREATE TABLE user_learning_stats (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language        TEXT NOT NULL REFERENCES languages(code),
    -- Kaiwa's estimate: position is the smoothed level in steps from A1
    -- (0) to C2 (5); level is where it rounds to, confidence 0 to 1.
    level           TEXT NOT NULL CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    position        REAL NOT NULL CHECK (position BETWEEN 0 AND 5),
    confidence      REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    -- The learner's own choice, which wins over the estimate; NULL: follow it.
    chosen_level    TEXT CHECK (chosen_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    sessions        INTEGER NOT NULL DEFAULT 0 CHECK (sessions >= 0),
    -- The signals, smoothed over sessions (NULL until a session showed one):
    -- learner words per turn, corrected share of the learner's lines (AI
    -- partner), and with the offline partner the share of replies that
    -- matched, asked for help ("I don't understand") or fell back to English.
    words_per_turn  REAL,
    correction_rate REAL,
    matched_share   REAL,
    help_share      REAL,
    english_share   REAL,
    -- Why the last session moved the estimate or kept it (JSON array of
    -- short phrases), and which way: up, down or same.
    why             TEXT NOT NULL DEFAULT '[]',
    change          TEXT NOT NULL DEFAULT '' CHECK (change IN ('', 'up', 'down', 'same')),
    -- The last session counted, so that no session counts twice.
    last_conversation_id TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, language)
);

CREATE TABLE scenario_attempts (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scenario_id     TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
    language        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'started' CHECK (status IN ('started', 'finished', 'abandoned')),
    turns           INTEGER NOT NULL DEFAULT 0 CHECK (turns >= 0),
    corrections     INTEGER NOT NULL DEFAULT 0 CHECK (corrections >= 0),
    comfort_rating  INTEGER CHECK (comfort_rating BETWEEN 1 AND 5),
    level           TEXT CHECK (level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')), -- the level in use when it started
    -- What to work on after this attempt (its report's focus, JSON array),
    -- and the attempt whose focus this one practises ("Try again").
    focus           TEXT NOT NULL DEFAULT '[]',
    retry_of        TEXT REFERENCES scenario_attempts(id) ON DELETE SET NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT
);
-- A scenario card reads its learner's attempts in one language, newest last.
CREATE INDEX scenario_attempts_card ON scenario_attempts (user_id, language, scenario_id, started_at);

-- Runs from before this version are attempts too: an ended one finished
-- when the offline script reached its end or the AI conversation had four
-- learner turns or more (conversation.FinishedTurns), and was abandoned
-- otherwise; one not ended is still going.
INSERT INTO scenario_attempts (id, user_id, scenario_id, conversation_id, language, status, turns, comfort_rating, started_at, ended_at)
SELECT c.id, c.user_id, c.scenario_id, c.id, c.target_language,
       CASE
           WHEN c.ended_at IS NULL THEN 'started'
           WHEN c.partner = 'offline' AND json_valid(c.partner_state) AND json_extract(c.partner_state, '$.done') = 1 THEN 'finished'
           WHEN c.partner != 'offline' AND (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user') >= 4 THEN 'finished'
           ELSE 'abandoned'
       END,
       (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user'),
       c.comfort_rating, c.started_at, c.ended_at
FROM conversations c
WHERE c.scenario_id IS NOT NULL AND c.deleted_at IS NULL;
