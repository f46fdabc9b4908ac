-- A region's key store, apart from its database: one data key per
-- conversation (and one for learned translations), wrapped by the region
-- key. Deleting a row destroys everything sealed with that key.
CREATE TABLE data_keys (
    owner TEXT PRIMARY KEY NOT NULL,
    key_id TEXT NOT NULL,
    key_version INTEGER NOT NULL,
    wrapped TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
