DROP TRIGGER messages_announce ON messages;
DROP FUNCTION crossdesk_announce_message();
