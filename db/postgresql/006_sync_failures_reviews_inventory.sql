-- Passway schema 6 on PostgreSQL, as db/006_sync_failures_reviews_inventory.sql.
ALTER TABLE sync_entries ADD COLUMN failure TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_entries ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sync_entries ADD COLUMN retry_at BIGINT NOT NULL DEFAULT 0;
UPDATE sync_entries SET failure = 'permanent' WHERE last_error_code <> 0;

CREATE TABLE device_inventory (
    device_id   BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL,
    present     BIGINT NOT NULL,
    summary     TEXT   NOT NULL DEFAULT '{}',
    reported_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, user_id)
);

CREATE TABLE person_reviews (
    id           BIGSERIAL PRIMARY KEY,
    device_id    BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL,
    reasons      TEXT   NOT NULL,
    proposed     TEXT   NOT NULL,
    base_version BIGINT NOT NULL DEFAULT 0,
    state        TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
    created_at   BIGINT NOT NULL,
    decided_at   BIGINT NOT NULL DEFAULT 0,
    decided_by   TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX person_reviews_state ON person_reviews (state, id);
CREATE INDEX person_reviews_device_user ON person_reviews (device_id, user_id) WHERE state = 'pending';
