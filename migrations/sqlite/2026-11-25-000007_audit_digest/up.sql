-- A public SHA-256 chain beside the HMAC chain, so that an exported log can
-- be verified offline with only the checkpoint public key.
ALTER TABLE audit ADD COLUMN digest TEXT NOT NULL DEFAULT '';
