-- Passway schema 5: a record's identity beyond the terminal's RecordID, the
-- card a record was made with, and the command state `unknown`.
--
-- Terminals number records from 1 again after ClearRecord, a factory reset, a
-- format or when RecordAutoCycle wraps. Unique on (device, RecordID) alone, a
-- new punch that reuses a number was acknowledged and never stored. A record
-- is now the same as a stored one only when its identity (what the plugin
-- reads as the record's content: date, person, type, ...) matches too.
-- SQLite cannot drop a table constraint, so both tables are rebuilt.
-- Rows stored before this migration have identity '': the store treats such
-- a row as the same record when the device time and the person match too
-- (SqliteRecordRepository), so a terminal retrying an old record across the
-- upgrade still stores it once.

CREATE TABLE records_v5 (
    id               INTEGER PRIMARY KEY,
    device_id        INTEGER NOT NULL,
    device_record_id TEXT,
    identity         TEXT    NOT NULL DEFAULT '',
    user_id          INTEGER,
    card             TEXT    NOT NULL DEFAULT '',
    device_time      INTEGER NOT NULL,
    received_time    INTEGER NOT NULL,
    verify_type      TEXT    NOT NULL DEFAULT '',
    direction        TEXT    NOT NULL DEFAULT '',
    temperature      REAL,
    photo_blob       TEXT    NOT NULL DEFAULT '',
    result           TEXT    NOT NULL DEFAULT 'pass',
    reason           TEXT    NOT NULL DEFAULT '',
    raw              TEXT    NOT NULL DEFAULT '',
    UNIQUE (device_id, device_record_id, identity)
);
INSERT INTO records_v5 (id, device_id, device_record_id, identity, user_id, card, device_time, received_time,
                        verify_type, direction, temperature, photo_blob, result, reason, raw)
    SELECT id, device_id, device_record_id, '', user_id, '', device_time, received_time, verify_type, direction,
           temperature, photo_blob, result, reason, raw
    FROM records;
DROP TABLE records;
ALTER TABLE records_v5 RENAME TO records;
CREATE INDEX records_device_time ON records (device_time);
CREATE INDEX records_user_time ON records (user_id, device_time);
CREATE INDEX records_device_id_time ON records (device_id, device_time);

-- `unknown`: a command that must not run twice (open a door, restart, wipe)
-- was sent and its answer never came; nobody can tell whether it ran, and it
-- is never sent again.
CREATE TABLE commands_v5 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    args        TEXT    NOT NULL DEFAULT '{}',
    state       TEXT    NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sent', 'done', 'failed', 'expired', 'unknown')),
    result      TEXT    NOT NULL DEFAULT '',
    created_by  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO commands_v5 (id, device_id, kind, args, state, result, created_by, created_at, sent_at, finished_at)
    SELECT id, device_id, kind, args, state, result, created_by, created_at, sent_at, finished_at FROM commands;
-- Ids are never reused: carry the old counter over (it may be above MAX(id)).
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'commands'))
    WHERE name = 'commands_v5';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'commands_v5', seq FROM sqlite_sequence
    WHERE name = 'commands' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'commands_v5');
DROP TABLE commands;
ALTER TABLE commands_v5 RENAME TO commands;
CREATE INDEX commands_device_state ON commands (device_id, state, id);
CREATE INDEX commands_state ON commands (state);
