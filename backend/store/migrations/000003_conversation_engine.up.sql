-- What the conversation engine keeps beyond the MVP schema: the offline
-- partner's place in its script, the hint and quick replies of a partner line,
-- and app-wide settings (the chosen partner; never a key: keys live in the OS keyring).
ALTER TABLE conversations ADD COLUMN partner_state TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN last_activity_at TEXT;
ALTER TABLE messages ADD COLUMN hint TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN choices TEXT NOT NULL DEFAULT '[]';

CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
