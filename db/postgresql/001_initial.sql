-- Passway schema 1 on PostgreSQL: the core tables, as db/001_initial.sql.
-- The representation is SQLite's: times are unix milliseconds in BIGINT
-- (seconds where a column says so), flags 0/1, JSON as TEXT, so the
-- repositories behave the same on both engines. Sequences (BIGSERIAL) never
-- hand out an id twice, as SQLite's AUTOINCREMENT does not.

CREATE TABLE schema_version (
    version    BIGINT PRIMARY KEY,
    name       TEXT   NOT NULL,
    applied_at BIGINT NOT NULL
);

CREATE TABLE persons (
    user_id     BIGINT PRIMARY KEY CHECK (user_id BETWEEN 1 AND 4294967295),
    code        TEXT   NOT NULL DEFAULT '',
    name        TEXT   NOT NULL DEFAULT '',
    job         TEXT   NOT NULL DEFAULT '',
    department  TEXT   NOT NULL DEFAULT '',
    id_card     TEXT   NOT NULL DEFAULT '',
    role        TEXT   NOT NULL DEFAULT 'normal',
    valid_from  BIGINT,
    valid_until BIGINT,
    time_group  TEXT   NOT NULL DEFAULT '',
    extra       TEXT   NOT NULL DEFAULT '',
    photo_blob  TEXT   NOT NULL DEFAULT '',
    version     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX persons_department ON persons (department);

CREATE TABLE person_tombstones (
    user_id    BIGINT PRIMARY KEY,
    version    BIGINT NOT NULL,
    removed_at BIGINT NOT NULL
);

CREATE TABLE person_credentials (
    user_id  BIGINT NOT NULL REFERENCES persons (user_id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind     TEXT   NOT NULL,
    value    TEXT   NOT NULL DEFAULT '',
    blob     TEXT   NOT NULL DEFAULT '',
    idx      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, position)
);
CREATE UNIQUE INDEX person_credentials_card ON person_credentials (value) WHERE kind = 'card' AND value <> '';
CREATE INDEX person_credentials_lookup ON person_credentials (kind, value);

CREATE TABLE person_access_groups (
    user_id  BIGINT NOT NULL REFERENCES persons (user_id) ON DELETE CASCADE,
    grp      TEXT   NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (user_id, grp)
);
CREATE INDEX person_access_groups_grp ON person_access_groups (grp);

CREATE TABLE devices (
    id         BIGSERIAL PRIMARY KEY,
    protocol   TEXT   NOT NULL,
    serial     TEXT   NOT NULL,
    name       TEXT   NOT NULL DEFAULT '',
    state      TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'active', 'disabled')),
    online     BIGINT NOT NULL DEFAULT 0,
    last_seen  BIGINT NOT NULL DEFAULT 0,
    address    TEXT   NOT NULL DEFAULT '',
    reported   TEXT   NOT NULL DEFAULT '{}',
    desired    TEXT   NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (protocol, serial)
);

CREATE TABLE device_access_groups (
    device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    grp       TEXT   NOT NULL,
    position  BIGINT NOT NULL,
    PRIMARY KEY (device_id, grp)
);

-- No foreign key to devices: records are history.
CREATE TABLE records (
    id               BIGSERIAL PRIMARY KEY,
    device_id        BIGINT NOT NULL,
    device_record_id TEXT,
    user_id          BIGINT,
    device_time      BIGINT NOT NULL,
    received_time    BIGINT NOT NULL,
    verify_type      TEXT   NOT NULL DEFAULT '',
    direction        TEXT   NOT NULL DEFAULT '',
    temperature      DOUBLE PRECISION,
    photo_blob       TEXT   NOT NULL DEFAULT '',
    result           TEXT   NOT NULL DEFAULT 'pass',
    reason           TEXT   NOT NULL DEFAULT '',
    raw              TEXT   NOT NULL DEFAULT '',
    CONSTRAINT records_device_record UNIQUE (device_id, device_record_id)
);
CREATE INDEX records_device_time ON records (device_time);

CREATE TABLE commands (
    id          BIGSERIAL PRIMARY KEY,
    device_id   BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL,
    args        TEXT   NOT NULL DEFAULT '{}',
    state       TEXT   NOT NULL DEFAULT 'queued',
    result      TEXT   NOT NULL DEFAULT '',
    created_by  TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT commands_state_known CHECK (state IN ('queued', 'sent', 'done', 'failed', 'expired'))
);
CREATE INDEX commands_device_state ON commands (device_id, state, id);

CREATE TABLE admin_users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT   NOT NULL UNIQUE,
    role          TEXT   NOT NULL,
    password_hash TEXT   NOT NULL DEFAULT '',
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id     BIGSERIAL PRIMARY KEY,
    at     BIGINT NOT NULL,
    actor  TEXT   NOT NULL DEFAULT '',
    action TEXT   NOT NULL DEFAULT '',
    target TEXT   NOT NULL DEFAULT '',
    detail TEXT   NOT NULL DEFAULT ''
);

-- BYTEA: a value is any bytes (scripts store binary strings), which SQLite's
-- TEXT holds and PostgreSQL's TEXT (no NUL, valid UTF-8 only) does not.
CREATE TABLE kv (
    key        TEXT   PRIMARY KEY,
    value      BYTEA  NOT NULL,
    updated_at BIGINT NOT NULL
);
