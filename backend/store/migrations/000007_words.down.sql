ALTER TABLE subscriptions RENAME COLUMN provider_licence_id TO provider_license_id;
ALTER TABLE conversations RENAME COLUMN partner TO provider;
