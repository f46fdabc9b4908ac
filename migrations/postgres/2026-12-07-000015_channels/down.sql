DROP TABLE identity_links;
DROP TABLE channel_events;
DROP TABLE channel_threads;
