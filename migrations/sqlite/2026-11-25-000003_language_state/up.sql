-- The language decision's state and reason: a shopper's explicit request
-- locks the conversation's language; a confident detection that differs is
-- kept as pending until a second one agrees.
ALTER TABLE conversations ADD COLUMN lang_locked BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN lang_pending TEXT;
ALTER TABLE messages ADD COLUMN lang_source TEXT;
