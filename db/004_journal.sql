-- Passway schema 4: the event journal, its durable cursors and dead letters.

-- Every event that integrations act on, appended in the same transaction as
-- the change it describes: an event is here if and only if its change is in
-- the store. seq is the order of the journal (AUTOINCREMENT: never reused,
-- even after the newest entries were pruned).
CREATE TABLE journal (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    topic   TEXT    NOT NULL,
    source  TEXT    NOT NULL DEFAULT '',
    payload TEXT    NOT NULL DEFAULT '{}',
    at      INTEGER NOT NULL                     -- unix ms, when appended
);

-- Where each durable subscriber stands: every entry up to `position` is
-- handled (or dead-lettered). Written in the same transaction as the effects
-- of the handlers that moved it.
CREATE TABLE journal_cursors (
    subscriber TEXT    PRIMARY KEY,              -- "script:<name>", "face-records", "plugin:<id>:<name>"
    position   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Events a subscriber gave up on after its attempts; the cursor moved on.
CREATE TABLE journal_dead_letters (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    topic      TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    error      TEXT    NOT NULL,
    attempts   INTEGER NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX journal_dead_letters_subscriber ON journal_dead_letters (subscriber, id);
