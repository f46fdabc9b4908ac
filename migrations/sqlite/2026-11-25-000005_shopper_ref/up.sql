-- A keyed pseudonym of the shop's shopper id (HMAC): erasure and omnichannel
-- links find a shopper's conversations without storing the id in clear.
ALTER TABLE conversations ADD COLUMN shopper_ref TEXT;
CREATE INDEX conversations_shopper_ref ON conversations (shopper_ref);
