ALTER TABLE conversations DROP COLUMN emotion;
