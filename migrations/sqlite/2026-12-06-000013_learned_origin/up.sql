-- Which conversation a learned translation was learned from: erasing that
-- conversation (or sweeping it) deletes what was derived from its text.
ALTER TABLE learned_translations ADD COLUMN conversation_id TEXT;
CREATE INDEX learned_translations_conversation ON learned_translations (conversation_id);
