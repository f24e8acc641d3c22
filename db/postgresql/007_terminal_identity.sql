-- Passway schema 7 on PostgreSQL: terminal identity, as db/007_terminal_identity.sql.
ALTER TABLE devices ADD COLUMN pinned_address  TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN pending_address TEXT NOT NULL DEFAULT '';
UPDATE devices SET pinned_address = address;
CREATE INDEX devices_by_state ON devices (state, id);
