-- The state index without updated_at: a message moved every conversation's
-- entry in it (updated_at changes with each one), a page write per commit.
-- Nothing reads the index by updated_at: the waiting line filters on state
-- alone, and the retention sweep's updated_at filter never used it.
DROP INDEX conversations_state;
CREATE INDEX conversations_state ON conversations (state);
