#pragma once

// What the attlog plugin offers an operator (host API 5): its settings and
// command kinds, as the admin page renders them in forms. Keys, defaults and
// meanings are those of README.md; AttlogConfig::read stays the authority.
// "token.<bridge>" is a family of keys: one secret per bridge name.

namespace passway::attlog {

inline constexpr const char* kDeclarations = R"json({
  "connect": "bridge server {scheme}://{host}:{port} (paths /attlog/...)",
  "settings": [
    {"key": "port", "type": "int", "default": "9004", "min": 0, "max": 65535, "description": "listening port"},
    {"key": "address", "type": "string", "default": "0.0.0.0", "description": "listening address"},
    {"key": "token.<bridge>", "type": "secret", "default": "", "secret": true, "description": "one token per bridge, at least 8 characters"},
    {"key": "tls.enabled", "type": "bool", "default": "false", "description": "HTTPS for the bridges (needs tls.certificate and tls.private_key)"},
    {"key": "tls.certificate", "type": "string", "default": "", "description": "certificate chain, PEM file"},
    {"key": "tls.private_key", "type": "string", "default": "", "description": "private key, PEM file"},
    {"key": "utc_offset_minutes", "type": "int", "default": "", "min": -840, "max": 840, "description": "the terminals' local time, minutes east of UTC (empty: the host's)"},
    {"key": "user_confirmation", "type": "choice", "default": "next_request", "choices": ["next_request", "timestamp_echo"], "description": "how a bridge confirms the users it was sent"},
    {"key": "offline_after_s", "type": "int", "default": "600", "min": 10, "max": 86400, "description": "silence after which a device is offline"},
    {"key": "max_records", "type": "int", "default": "5000", "min": 1, "max": 100000, "description": "records in one upload"}
  ],
  "commands": [
    {"kind": "sync_users", "description": "the bridge fetches its users now", "args": []},
    {"kind": "sync_records", "description": "the bridge sends its stored logs", "args": []},
    {"kind": "get_error_log", "description": "ask for the bridge's error log", "args": [
      {"name": "start", "type": "int", "required": false, "description": "unix seconds"},
      {"name": "end", "type": "int", "required": false, "description": "unix seconds"}]},
    {"kind": "bridge_command", "description": "any other command the bridge knows", "args": [
      {"name": "name", "type": "string", "required": true, "description": "the command's name"},
      {"name": "value", "type": "string", "required": false, "description": "its value"}]}
  ]
})json";

}  // namespace passway::attlog
