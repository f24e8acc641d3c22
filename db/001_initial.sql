-- Passway schema 1: the core tables.
-- Times are unix milliseconds unless a column says otherwise. Each migration
-- runs in one transaction; the migrator records it in schema_version.

CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
);

-- The numeric user id is what terminals require (uint32, 0 means "none").
CREATE TABLE persons (
    user_id     INTEGER PRIMARY KEY CHECK (user_id BETWEEN 1 AND 4294967295),
    code        TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL DEFAULT '',
    job         TEXT    NOT NULL DEFAULT '',
    department  TEXT    NOT NULL DEFAULT '',
    id_card     TEXT    NOT NULL DEFAULT '',
    role        TEXT    NOT NULL DEFAULT 'normal',
    valid_from  INTEGER,                      -- unix seconds, NULL: no limit
    valid_until INTEGER,                      -- unix seconds, NULL: no limit
    time_group  TEXT    NOT NULL DEFAULT '',
    extra       TEXT    NOT NULL DEFAULT '',
    photo_blob  TEXT    NOT NULL DEFAULT '',
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX persons_department ON persons (department);

-- Last version of a removed person, so a person created again under the same
-- id continues above it (a device that confirmed the removal must see the new
-- person as a newer change) and so automatic ids are not handed out again
-- while terminals may still hold the removed person.
CREATE TABLE person_tombstones (
    user_id    INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL,
    removed_at INTEGER NOT NULL
);

CREATE TABLE person_credentials (
    user_id  INTEGER NOT NULL REFERENCES persons (user_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                -- order as given
    kind     TEXT    NOT NULL,                -- card | password | qrcode | fingerprint | palmvein | face_feature
    value    TEXT    NOT NULL DEFAULT '',
    blob     TEXT    NOT NULL DEFAULT '',     -- sha256 in the blob store (templates)
    idx      INTEGER NOT NULL DEFAULT 0,      -- finger number, palm index, card slot
    PRIMARY KEY (user_id, position)
);
-- A card opens doors: one card number belongs to one person only.
CREATE UNIQUE INDEX person_credentials_card ON person_credentials (value) WHERE kind = 'card' AND value <> '';
CREATE INDEX person_credentials_lookup ON person_credentials (kind, value);

CREATE TABLE person_access_groups (
    user_id    INTEGER NOT NULL REFERENCES persons (user_id) ON DELETE CASCADE,
    grp        TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (user_id, grp)
);
CREATE INDEX person_access_groups_grp ON person_access_groups (grp);

-- AUTOINCREMENT: ids of removed devices are never reused, because records
-- keep the device id they were reported by.
CREATE TABLE devices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    protocol   TEXT    NOT NULL,
    serial     TEXT    NOT NULL,
    name       TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'disabled')),
    online     INTEGER NOT NULL DEFAULT 0,
    last_seen  INTEGER NOT NULL DEFAULT 0,
    address    TEXT    NOT NULL DEFAULT '',
    reported   TEXT    NOT NULL DEFAULT '{}',
    desired    TEXT    NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (protocol, serial)
);

CREATE TABLE device_access_groups (
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    grp       TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (device_id, grp)
);

-- Records are history (payroll, audits): no foreign key to devices, so
-- removing a device keeps what it reported. device_record_id is NULL when the
-- terminal gave no id of its own; NULLs never collide in a UNIQUE constraint.
-- No AUTOINCREMENT on this hot table: it would write one more page per
-- commit, and a rowid is only ever reused after deleting the newest record,
-- which nothing does.
CREATE TABLE records (
    id               INTEGER PRIMARY KEY,
    device_id        INTEGER NOT NULL,
    device_record_id TEXT,
    user_id          INTEGER,
    device_time      INTEGER NOT NULL,
    received_time    INTEGER NOT NULL,
    verify_type      TEXT    NOT NULL DEFAULT '',
    direction        TEXT    NOT NULL DEFAULT '',
    temperature      REAL,
    photo_blob       TEXT    NOT NULL DEFAULT '',
    result           TEXT    NOT NULL DEFAULT 'pass',
    reason           TEXT    NOT NULL DEFAULT '',
    raw              TEXT    NOT NULL DEFAULT '',
    UNIQUE (device_id, device_record_id)
);
CREATE INDEX records_device_time ON records (device_time);

CREATE TABLE commands (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    args        TEXT    NOT NULL DEFAULT '{}',
    state       TEXT    NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sent', 'done', 'failed', 'expired')),
    result      TEXT    NOT NULL DEFAULT '',
    created_by  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commands_device_state ON commands (device_id, state, id);

CREATE TABLE admin_users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL DEFAULT '',
    action TEXT    NOT NULL DEFAULT '',
    target TEXT    NOT NULL DEFAULT '',
    detail TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE kv (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
