-- Every message stored announces its conversation on the channel that the
-- proxy instances listen on (store::listen), so that a shopper waiting on
-- one instance wakes when another stores the reply. A trigger rather than
-- a statement from the proxy: no extra round trip per message, and every
-- writer announces, whichever instance or command it is. PostgreSQL
-- delivers the notification on commit only, once per conversation and
-- transaction.
CREATE FUNCTION crossdesk_announce_message() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('crossdesk_appended', NEW.conversation_id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER messages_announce AFTER INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION crossdesk_announce_message();
