-- Passway schema 7: terminal identity (issue 15).

-- The address a terminal is known by: remembered at its first contact and
-- changed only by an operator (POST /api/v1/devices/{id}/accept-address).
-- A contact from elsewhere is remembered in pending_address until then.
-- Devices known before this migration keep the address they last used.
ALTER TABLE devices ADD COLUMN pinned_address  TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN pending_address TEXT NOT NULL DEFAULT '';
UPDATE devices SET pinned_address = address;

-- devices.max_pending counts pending devices and drops the oldest at each
-- registration: both read this index, not the whole table.
CREATE INDEX devices_by_state ON devices (state, id);
