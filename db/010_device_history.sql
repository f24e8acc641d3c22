-- Passway schema 10: a device's history for its page (issue 20c).

-- The alarms terminals reported (device.alarm and device.alarm.cleared),
-- kept so the device page lists them after the fact, not only those seen
-- while a page was open. The event journal is pruned on its own schedule
-- and is not searchable by device; this table is both.
CREATE TABLE device_alarms (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    alarm     TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT '',
    event     TEXT NOT NULL DEFAULT '',
    cleared   INTEGER NOT NULL DEFAULT 0,
    at        INTEGER NOT NULL
);
CREATE INDEX device_alarms_by_device ON device_alarms (device_id, id);

-- Every address a device called from, with when it was first and last seen
-- there (devices.address holds only the latest).
CREATE TABLE device_addresses (
    device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (device_id, address)
);
