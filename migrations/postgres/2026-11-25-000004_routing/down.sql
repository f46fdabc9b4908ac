DROP INDEX conversations_pool;
ALTER TABLE conversations DROP COLUMN resolution;
ALTER TABLE conversations DROP COLUMN closed_at;
ALTER TABLE conversations DROP COLUMN claimed_at;
ALTER TABLE conversations DROP COLUMN queued_at;
ALTER TABLE conversations DROP COLUMN bot_misses;
ALTER TABLE conversations DROP COLUMN priority;
ALTER TABLE conversations DROP COLUMN agent;
ALTER TABLE conversations DROP COLUMN pool;
