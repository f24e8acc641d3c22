-- Passway schema 9 on PostgreSQL: settings changed on the admin page, as
-- db/009_runtime_settings.sql.
CREATE TABLE runtime_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
