-- Passway schema 6: why a sync entry failed and when it is tried again, what
-- terminals say they hold, and person changes terminals sent that wait for an
-- operator.

-- failure: '' (none), 'transient' (tried again at retry_at, with back-off),
-- 'permanent' (not again until the person or the device changes, or an
-- operator asks). attempts counts the failures in a row.
ALTER TABLE sync_entries ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_entries ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_entries ADD COLUMN retry_at INTEGER NOT NULL DEFAULT 0;
UPDATE sync_entries SET failure = 'permanent' WHERE last_error_code <> 0;

-- What a terminal reported holding (httpv2 PushType 4 answers to QueryPeople
-- and PushAllPeople): present, or "not on the terminal".
CREATE TABLE device_inventory (
    device_id   INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    present     INTEGER NOT NULL,
    summary     TEXT    NOT NULL DEFAULT '{}',   -- what it showed: name, card count, ...
    reported_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, user_id)
);

-- A person a terminal tried to create or to give admin rights or a new card,
-- held until an operator accepts or rejects it (plugin.<id>.person_intake).
CREATE TABLE person_reviews (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id    INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    reasons      TEXT    NOT NULL,               -- comma-separated: new_person, role_admin, new_card
    proposed     TEXT    NOT NULL,               -- the person as it would be saved (PersonSnapshot JSON)
    base_version INTEGER NOT NULL DEFAULT 0,     -- the stored person's version then (0: none)
    state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
    created_at   INTEGER NOT NULL,
    decided_at   INTEGER NOT NULL DEFAULT 0,
    decided_by   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX person_reviews_state ON person_reviews (state, id);
CREATE INDEX person_reviews_device_user ON person_reviews (device_id, user_id) WHERE state = 'pending';
