-- One row /healthz writes: a store that answers reads but cannot write
-- (a full disk, a read-only database) is reported degraded.
CREATE TABLE health_probe (id INTEGER PRIMARY KEY, at BIGINT NOT NULL);
