-- Passway schema 11 on PostgreSQL: several hosts on one database (issue 19).
-- SQLite has no twin: a SQLite host is a cluster of one.

-- Which host appended an entry: each host tails the journal and hands the
-- other hosts' events to its own in-memory subscribers (ClusterTail).
ALTER TABLE journal ADD COLUMN host TEXT NOT NULL DEFAULT '';

-- The tail's wake-up, sent in the appending transaction (delivered on
-- commit, never for a rollback). The payload is empty: the cursor is the truth.
CREATE FUNCTION passway_journal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('passway_journal', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER journal_appended AFTER INSERT ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION passway_journal_notify();

-- Each running host, renewed by its heartbeat.
CREATE TABLE cluster_hosts (
    id               TEXT   PRIMARY KEY,
    address          TEXT   NOT NULL DEFAULT '',
    started_at       BIGINT NOT NULL,
    seen_at          BIGINT NOT NULL,
    journal_position BIGINT NOT NULL DEFAULT 0,
    leader           BOOLEAN NOT NULL DEFAULT FALSE
);

-- Which host holds a device's connection, until expires_at (unix ms). A
-- host renews its leases with its heartbeat; a dead host's leases expire.
CREATE TABLE device_leases (
    device_id  BIGINT PRIMARY KEY,
    host       TEXT   NOT NULL,
    since      BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX device_leases_host ON device_leases (host);
