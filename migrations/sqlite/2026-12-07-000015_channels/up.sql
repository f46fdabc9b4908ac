-- Channels (WhatsApp, LINE, Telegram, WeChat, e-mail): which conversation a
-- channel user writes in and how far its replies were delivered, the webhook
-- events already taken (replays are ignored), and the links a shop made
-- between a shopper and their channel addresses.

-- A channel user's current conversation. `user_ref` is the keyed pseudonym
-- of the user's address; `recipient` and `reply_ref` (the last inbound
-- message id, for threading) are sealed with the conversation's key. Every
-- message after `delivered_seq` that the shopper did not write is still to
-- deliver: retried from `next_at`, with the last error kept for agents.
CREATE TABLE channel_threads (
  channel TEXT NOT NULL,
  user_ref TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  reply_ref TEXT,
  updated_at BIGINT NOT NULL,
  delivered_seq INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT,
  PRIMARY KEY (channel, user_ref)
);
CREATE INDEX channel_threads_conversation ON channel_threads (conversation_id);

-- Webhook events taken, by the provider's own id, within the replay window.
CREATE TABLE channel_events (
  channel TEXT NOT NULL,
  event_id TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (channel, event_id)
);

-- A shop's link of a channel address to its shopper: both keyed pseudonyms.
CREATE TABLE identity_links (
  address_ref TEXT PRIMARY KEY,
  shopper_ref TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX identity_links_shopper ON identity_links (shopper_ref);
