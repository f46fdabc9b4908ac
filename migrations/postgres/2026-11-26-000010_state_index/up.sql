-- The state index without updated_at: with updated_at in it, every
-- message's update changed an indexed column, so PostgreSQL could never
-- update the row in place (a HOT update) and wrote a new index entry each
-- time. Nothing reads the index by updated_at: the waiting line filters on
-- state alone, and the retention sweep's updated_at filter never used it.
DROP INDEX conversations_state;
CREATE INDEX conversations_state ON conversations (state);
