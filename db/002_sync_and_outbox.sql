-- Passway schema 2: the sync ledger, the outbox, and indexes for the
-- listings the admin page pages through.

-- What each device should hold of each person versus what it confirmed.
-- No foreign key to persons: the entry of a removed person must outlive it,
-- since it is what tells the device to delete that person.
CREATE TABLE sync_entries (
    device_id         INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id           INTEGER NOT NULL,
    wanted_version    INTEGER NOT NULL,
    confirmed_version INTEGER NOT NULL DEFAULT 0,
    removal           INTEGER NOT NULL DEFAULT 0,
    last_error_code   INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT    NOT NULL DEFAULT '',
    wanted_at         INTEGER NOT NULL,           -- when the wanted state last changed: "oldest change first"
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (device_id, user_id)
);
CREATE INDEX sync_entries_pending ON sync_entries (device_id, removal, wanted_at, user_id)
    WHERE confirmed_version < wanted_version;
CREATE INDEX sync_entries_user ON sync_entries (user_id);

-- Outbound deliveries, written before they are attempted.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    origin          TEXT    NOT NULL DEFAULT '',
    method          TEXT    NOT NULL DEFAULT 'POST',
    url             TEXT    NOT NULL,
    headers         TEXT    NOT NULL DEFAULT '{}',
    body            TEXT    NOT NULL DEFAULT '',
    idempotency_key TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_state ON outbox (state, id);

-- Record listings filter by person or device, newest first.
CREATE INDEX records_user_time ON records (user_id, device_time);
CREATE INDEX records_device_id_time ON records (device_id, device_time);

CREATE INDEX commands_state ON commands (state);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_target ON audit_log (target, id);
