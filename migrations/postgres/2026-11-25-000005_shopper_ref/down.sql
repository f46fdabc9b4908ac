DROP INDEX conversations_shopper_ref;
ALTER TABLE conversations DROP COLUMN shopper_ref;
