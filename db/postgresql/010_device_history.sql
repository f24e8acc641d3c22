-- Passway schema 10 on PostgreSQL: a device's history, as db/010_device_history.sql.
CREATE TABLE device_alarms (
    id        BIGSERIAL PRIMARY KEY,
    device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    alarm     TEXT NOT NULL,
    source    TEXT NOT NULL DEFAULT '',
    event     TEXT NOT NULL DEFAULT '',
    cleared   INTEGER NOT NULL DEFAULT 0,
    at        BIGINT NOT NULL
);
CREATE INDEX device_alarms_by_device ON device_alarms (device_id, id);

CREATE TABLE device_addresses (
    device_id  BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    address    TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    PRIMARY KEY (device_id, address)
);
