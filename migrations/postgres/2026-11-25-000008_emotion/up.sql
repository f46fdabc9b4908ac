-- The trend of the shopper's emotion over the conversation (0 calm … 1
-- very upset; src/emotion.rs), kept for routing and the agents' view.
ALTER TABLE conversations ADD COLUMN emotion DOUBLE PRECISION NOT NULL DEFAULT 0;
