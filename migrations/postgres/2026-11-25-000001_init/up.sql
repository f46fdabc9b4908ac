-- One conversation per shopper session; every row lives only in its region's store.
CREATE TABLE conversations (
    id TEXT PRIMARY KEY NOT NULL,
    region TEXT NOT NULL,
    country TEXT NOT NULL,
    region_source TEXT NOT NULL,
    locale TEXT,
    timezone TEXT,
    channel TEXT NOT NULL,
    shopper_id TEXT,
    lang TEXT,
    state TEXT NOT NULL,
    handoff_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Messages in the order they were accepted. `text` is what the author wrote,
-- in `lang`; `translated_text` is the machine translation shown to the other side.
CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    lang TEXT NOT NULL,
    translated_text TEXT,
    translated_lang TEXT,
    engine TEXT,
    machine_translated BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

CREATE INDEX conversations_state ON conversations (state, updated_at);
