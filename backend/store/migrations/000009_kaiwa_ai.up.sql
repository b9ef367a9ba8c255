-- Kaiwa AI, Kaiwa's hosted endpoint (docs/kaiwa-ai.md). A tier includes it
-- when it names the model Kaiwa AI runs for it; the tiers' monthly
-- conversations and minutes apply to Kaiwa AI only, never to the learner's
-- own endpoint or the offline partner.
ALTER TABLE tiers ADD COLUMN kaiwa_ai_model TEXT NOT NULL DEFAULT '';
UPDATE tiers SET kaiwa_ai_model = 'kaiwa-' || id WHERE id IN ('pro', 'premium');

-- The Kaiwa AI conversations on this computer, each under the licence and
-- activation that paid for it. No foreign keys: deleting a conversation or
-- a profile gives nothing back, and a new profile starts from the same
-- count.
CREATE TABLE kaiwa_ai_usage (
    conversation_id TEXT PRIMARY KEY,
    licence_id      TEXT NOT NULL,                -- the provider's id of the licence key
    instance_id     TEXT NOT NULL,                -- the activation on this computer
    started_at      TEXT NOT NULL,
    seconds         INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0)
);
CREATE INDEX kaiwa_ai_usage_licence_started ON kaiwa_ai_usage (licence_id, started_at);

-- A counted conversation's active time follows it while Kaiwa AI answers
-- it; handed to the offline partner, it stops counting.
CREATE TRIGGER kaiwa_ai_usage_seconds AFTER UPDATE OF duration_seconds ON conversations
WHEN NEW.partner = 'kaiwa'
BEGIN
    UPDATE kaiwa_ai_usage SET seconds = NEW.duration_seconds WHERE conversation_id = NEW.id;
END;
