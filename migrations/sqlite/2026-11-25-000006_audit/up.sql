-- Tamper-evident audit log of the region: each entry's hash is an HMAC over
-- the previous entry's hash and its own content, so an altered, removed or
-- reordered entry breaks the chain. No personal data: shoppers appear as
-- keyed pseudonyms, PII only as kinds.
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    policy_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
