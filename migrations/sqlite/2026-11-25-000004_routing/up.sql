-- Routing to agent pools. state: bot → handoff (waiting in `pool`'s queue)
-- → agent (held by `agent`) → closed (with `resolution`).
ALTER TABLE conversations ADD COLUMN pool TEXT;
ALTER TABLE conversations ADD COLUMN agent TEXT;
ALTER TABLE conversations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN bot_misses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN queued_at BIGINT;
ALTER TABLE conversations ADD COLUMN claimed_at BIGINT;
ALTER TABLE conversations ADD COLUMN closed_at BIGINT;
ALTER TABLE conversations ADD COLUMN resolution TEXT;
CREATE INDEX conversations_pool ON conversations (pool, state, priority, queued_at);
