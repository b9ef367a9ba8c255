ALTER TABLE conversations DROP COLUMN deleted_at;
