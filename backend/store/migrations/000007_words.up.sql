-- One meaning per word: a conversation's "partner" is who answers it
-- (offline or ai); "provider" is only the billing provider's. Identifiers
-- spell "licence" as the rest of Kaiwa does.
ALTER TABLE conversations RENAME COLUMN provider TO partner;
ALTER TABLE subscriptions RENAME COLUMN provider_license_id TO provider_licence_id;
