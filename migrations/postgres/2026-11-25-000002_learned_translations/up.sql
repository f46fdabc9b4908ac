-- Machine translations learned in this region, so a text is sent to a
-- remote engine once. Keyed by the SHA-256 of the (masked) source text.
CREATE TABLE learned_translations (
    from_lang TEXT NOT NULL,
    to_lang TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    engine TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (from_lang, to_lang, source_hash)
);
