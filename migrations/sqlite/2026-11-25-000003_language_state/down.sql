ALTER TABLE messages DROP COLUMN lang_source;
ALTER TABLE conversations DROP COLUMN lang_pending;
ALTER TABLE conversations DROP COLUMN lang_locked;
