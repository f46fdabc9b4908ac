DROP INDEX conversations_state;
CREATE INDEX conversations_state ON conversations (state, updated_at);
