-- The MVP schema (DESIGN.md §5). Timestamps are UTC RFC 3339 text so they sort
-- and compare as strings; booleans are 0/1 integers.

CREATE TABLE languages (
    code              TEXT PRIMARY KEY,           -- ISO 639-1 (fil: ISO 639-2)
    name              TEXT NOT NULL,
    native_name       TEXT NOT NULL,
    flag              TEXT NOT NULL,
    is_rtl            INTEGER NOT NULL DEFAULT 0 CHECK (is_rtl IN (0, 1)),
    has_romanization  INTEGER NOT NULL DEFAULT 0 CHECK (has_romanization IN (0, 1)),
    writing_system    TEXT NOT NULL,
    supported_scripts TEXT NOT NULL,              -- JSON array of ISO 15924 codes
    is_supported      INTEGER NOT NULL DEFAULT 1 CHECK (is_supported IN (0, 1))
);

CREATE TABLE speakers (
    id            TEXT PRIMARY KEY,
    language_code TEXT NOT NULL REFERENCES languages(code),
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL CHECK (gender IN ('female', 'male', 'neutral')),
    voice         TEXT NOT NULL,                  -- provider voice id
    is_advanced   INTEGER NOT NULL DEFAULT 0 CHECK (is_advanced IN (0, 1))
);
CREATE INDEX speakers_language ON speakers (language_code);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL DEFAULT '',
    email           TEXT,
    native_language TEXT REFERENCES languages(code),
    ui_language     TEXT NOT NULL DEFAULT 'en',
    is_guest        INTEGER NOT NULL DEFAULT 1 CHECK (is_guest IN (0, 1)),
    created_at      TEXT NOT NULL,
    last_active_at  TEXT NOT NULL
);

CREATE TABLE user_preferences (
    user_id                TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    target_language        TEXT REFERENCES languages(code),
    learning_goal          TEXT CHECK (learning_goal IN ('casual', 'conversational', 'fluent')),
    level                  TEXT CHECK (level IN ('beginner', 'elementary', 'intermediate', 'advanced')),
    preferred_voice        TEXT REFERENCES speakers(id) ON DELETE SET NULL,
    daily_goal_minutes     INTEGER NOT NULL DEFAULT 10 CHECK (daily_goal_minutes BETWEEN 1 AND 240),
    total_study_seconds    INTEGER NOT NULL DEFAULT 0 CHECK (total_study_seconds >= 0),
    total_conversations    INTEGER NOT NULL DEFAULT 0 CHECK (total_conversations >= 0),
    current_streak         INTEGER NOT NULL DEFAULT 0 CHECK (current_streak >= 0),
    longest_streak         INTEGER NOT NULL DEFAULT 0 CHECK (longest_streak >= 0),
    last_studied_at        TEXT,
    theme                  TEXT NOT NULL DEFAULT 'auto' CHECK (theme IN ('light', 'dark', 'auto')),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);

CREATE TABLE scenarios (
    id                  TEXT PRIMARY KEY,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    category            TEXT NOT NULL CHECK (category IN ('onboarding', 'comfort', 'basic', 'intermediate', 'advanced')),
    difficulty          TEXT NOT NULL CHECK (difficulty IN ('beginner', 'elementary', 'intermediate', 'advanced')),
    instructions        TEXT NOT NULL,
    context             TEXT NOT NULL,
    expected_outcome    TEXT NOT NULL,
    learning_objectives TEXT NOT NULL,            -- JSON array of strings
    comfort_indicators  TEXT NOT NULL,            -- JSON array of strings
    sort_order          INTEGER NOT NULL DEFAULT 0,
    is_active           INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE conversations (
    id                     TEXT PRIMARY KEY,
    user_id                TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target_language        TEXT NOT NULL REFERENCES languages(code),
    title                  TEXT NOT NULL DEFAULT '',
    mode                   TEXT NOT NULL DEFAULT 'text' CHECK (mode IN ('text', 'voice')),
    voice                  TEXT,
    scenario_id            TEXT REFERENCES scenarios(id),
    is_onboarding          INTEGER NOT NULL DEFAULT 0 CHECK (is_onboarding IN (0, 1)),
    provider               TEXT NOT NULL DEFAULT 'offline',
    model                  TEXT NOT NULL DEFAULT '',
    started_at             TEXT NOT NULL,
    ended_at               TEXT,
    duration_seconds       INTEGER NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
    message_count          INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    comfort_rating         INTEGER CHECK (comfort_rating BETWEEN 1 AND 5),
    engagement_level       TEXT CHECK (engagement_level IN ('low', 'medium', 'high')),
    confidence_indicator   INTEGER CHECK (confidence_indicator BETWEEN 1 AND 5),
    engagement_indicator   INTEGER CHECK (engagement_indicator BETWEEN 1 AND 5),
    understanding_indicator INTEGER CHECK (understanding_indicator BETWEEN 1 AND 5)
);
-- Recent conversations of a learner, and usage per month.
CREATE INDEX conversations_user_started ON conversations (user_id, started_at);

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'partial', 'error')),
    created_at      TEXT NOT NULL,
    audio_ref       TEXT,
    translation     TEXT
);
-- Opening a conversation reads its messages in order.
CREATE INDEX messages_conversation_time ON messages (conversation_id, created_at);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE tiers (
    id                          TEXT PRIMARY KEY CHECK (id IN ('free', 'pro', 'premium')),
    name                        TEXT NOT NULL,
    monthly_conversation_limit  INTEGER,          -- NULL: unlimited
    monthly_minutes_limit       INTEGER,          -- NULL: unlimited
    advanced_voices             INTEGER NOT NULL DEFAULT 0 CHECK (advanced_voices IN (0, 1)),
    analytics                   INTEGER NOT NULL DEFAULT 0 CHECK (analytics IN (0, 1)),
    monthly_price_cents         INTEGER NOT NULL CHECK (monthly_price_cents >= 0),
    currency                    TEXT NOT NULL DEFAULT 'USD',
    checkout_url                TEXT NOT NULL DEFAULT '',
    sort_order                  INTEGER NOT NULL DEFAULT 0,
    is_active                   INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
);

-- The licence key itself lives in the OS keyring, never here.
CREATE TABLE subscriptions (
    id                    TEXT PRIMARY KEY,
    user_id               TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tier_id               TEXT NOT NULL REFERENCES tiers(id),
    provider              TEXT NOT NULL,
    provider_license_id   TEXT NOT NULL,
    provider_instance_id  TEXT,
    status                TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'expired', 'disabled', 'cancelled')),
    current_period_start  TEXT,
    current_period_end    TEXT,
    cancel_at_period_end  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    last_validated_at     TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    UNIQUE (provider, provider_license_id)
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

CREATE TABLE payments (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    subscription_id   TEXT REFERENCES subscriptions(id) ON DELETE SET NULL,
    provider_order_id TEXT NOT NULL UNIQUE,
    amount_cents      INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('paid', 'refunded', 'pending', 'failed')),
    created_at        TEXT NOT NULL
);
CREATE INDEX payments_user ON payments (user_id);
