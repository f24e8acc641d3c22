-- Passway schema 9: settings changed on the admin page (issue 20a).

-- One row per key set on the page (sms.url, plugin.httpv2.port,
-- script.payroll.url, plugins.enabled, ...). They rank above the INI file
-- and below --set (README "Settings and their precedence"); a key back at
-- its file or default value has no row. Who changed what is in the audit
-- log; updated_by is here so the page can show it next to the value.
CREATE TABLE runtime_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
