-- The audit table with seq as its rowid. `seq BIGINT PRIMARY KEY` is not a
-- rowid alias in SQLite (only `INTEGER PRIMARY KEY` is), so the table kept
-- a hidden rowid plus an index on seq, and every entry wrote a page of
-- each. SQLite cannot change a primary key in place: the entries move to a
-- new table, unchanged and in order, in this migration's one transaction
-- (the hashes cover the entries' content, not where they are stored).
CREATE TABLE audit_by_seq (
    seq INTEGER PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    policy_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    digest TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_by_seq (seq, at, kind, subject, detail, policy_hash, prev_hash, hash, digest)
    SELECT seq, at, kind, subject, detail, policy_hash, prev_hash, hash, digest
    FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_by_seq RENAME TO audit;
