-- Passway schema 2 on PostgreSQL: the sync ledger, the outbox and listing
-- indexes, as db/002_sync_and_outbox.sql.

CREATE TABLE sync_entries (
    device_id         BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    user_id           BIGINT NOT NULL,
    wanted_version    BIGINT NOT NULL,
    confirmed_version BIGINT NOT NULL DEFAULT 0,
    removal           BIGINT NOT NULL DEFAULT 0,
    last_error_code   BIGINT NOT NULL DEFAULT 0,
    last_error        TEXT   NOT NULL DEFAULT '',
    wanted_at         BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (device_id, user_id)
);
CREATE INDEX sync_entries_pending ON sync_entries (device_id, removal, wanted_at, user_id)
    WHERE confirmed_version < wanted_version;
CREATE INDEX sync_entries_user ON sync_entries (user_id);

CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    origin          TEXT   NOT NULL DEFAULT '',
    method          TEXT   NOT NULL DEFAULT 'POST',
    url             TEXT   NOT NULL,
    headers         TEXT   NOT NULL DEFAULT '{}',
    body            TEXT   NOT NULL DEFAULT '',
    idempotency_key TEXT   NOT NULL DEFAULT '',
    state           TEXT   NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT   NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_state ON outbox (state, id);

CREATE INDEX records_user_time ON records (user_id, device_time);
CREATE INDEX records_device_id_time ON records (device_id, device_time);

CREATE INDEX commands_state ON commands (state);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_target ON audit_log (target, id);
