-- Passway schema 5 on PostgreSQL: a record's identity and card, and the
-- command state `unknown`, as db/005_record_identity_and_command_states.sql.
-- PostgreSQL alters constraints in place where SQLite rebuilds the tables.
ALTER TABLE records ADD COLUMN identity TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN card TEXT NOT NULL DEFAULT '';
ALTER TABLE records DROP CONSTRAINT records_device_record;
ALTER TABLE records ADD CONSTRAINT records_device_record_identity UNIQUE (device_id, device_record_id, identity);

ALTER TABLE commands DROP CONSTRAINT commands_state_known;
ALTER TABLE commands ADD CONSTRAINT commands_state_known
    CHECK (state IN ('queued', 'sent', 'done', 'failed', 'expired', 'unknown'));
