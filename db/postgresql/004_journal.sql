-- Passway schema 4 on PostgreSQL: the event journal, as db/004_journal.sql.

CREATE TABLE journal (
    seq     BIGSERIAL PRIMARY KEY,
    topic   TEXT   NOT NULL,
    source  TEXT   NOT NULL DEFAULT '',
    payload TEXT   NOT NULL DEFAULT '{}',
    at      BIGINT NOT NULL
);

-- The highest seq ever pruned, so that the last seq never goes backwards
-- when the newest entries are pruned (SQLite reads sqlite_sequence for it).
-- Not the sequence itself: a rolled-back append advances a sequence, and
-- "last" must name an entry that was committed.
CREATE TABLE journal_pruned (
    one     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    through BIGINT  NOT NULL
);

CREATE TABLE journal_cursors (
    subscriber TEXT   PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE journal_dead_letters (
    id         BIGSERIAL PRIMARY KEY,
    subscriber TEXT   NOT NULL,
    seq        BIGINT NOT NULL,
    topic      TEXT   NOT NULL,
    payload    TEXT   NOT NULL,
    error      TEXT   NOT NULL,
    attempts   BIGINT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX journal_dead_letters_subscriber ON journal_dead_letters (subscriber, id);
