DROP INDEX learned_translations_conversation;
ALTER TABLE learned_translations DROP COLUMN conversation_id;
