CREATE TABLE audit_by_rowid (
    seq BIGINT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    policy_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    digest TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_by_rowid (seq, at, kind, subject, detail, policy_hash, prev_hash, hash, digest)
    SELECT seq, at, kind, subject, detail, policy_hash, prev_hash, hash, digest
    FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_by_rowid RENAME TO audit;
