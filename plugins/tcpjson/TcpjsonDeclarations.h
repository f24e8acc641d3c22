#pragma once

// What the tcpjson plugin offers an operator (host API 5): its settings and
// command kinds, as the admin page renders them in forms. Keys, defaults and
// meanings are those of README.md; TcpjsonConfig::read stays the authority.

namespace passway::tcpjson {

inline constexpr const char* kDeclarations = R"json({
  "connect": "server address {host}, port {port}",
  "settings": [
    {"key": "port", "type": "int", "default": "49003", "min": 0, "max": 65535, "description": "listening port"},
    {"key": "address", "type": "string", "default": "0.0.0.0", "description": "listening address"},
    {"key": "max_connections", "type": "int", "default": "20000", "min": 1, "max": 1000000, "description": "connections beyond are refused"},
    {"key": "request_timeout_ms", "type": "int", "default": "10000", "min": 100, "max": 600000, "description": "wait for the answer to one request"},
    {"key": "command_attempts", "type": "int", "default": "3", "min": 1, "max": 100, "description": "sends of a command without an answer before it fails"},
    {"key": "heartbeat_s", "type": "int", "default": "30", "min": 1, "max": 3600, "description": "silence before a heartbeat"},
    {"key": "allowed_networks", "type": "list", "default": "", "description": "only these networks may connect (CIDR list; empty: everyone)"},
    {"key": "pin_address", "type": "bool", "default": "false", "description": "refuse a known terminal calling from a new address until an operator accepts it"},
    {"key": "allowed_origins", "type": "list", "default": "", "description": "browser Origins a WebSocket upgrade may carry (*: any)"},
    {"key": "utc_offset_minutes", "type": "int", "default": "", "min": -840, "max": 840, "description": "the terminals' local time, minutes east of UTC (empty: the host's)"},
    {"key": "max_clock_skew_s", "type": "int", "default": "30", "min": 0, "max": 86400, "description": "a terminal clock further off is corrected; 0: never"}
  ],
  "commands": [
    {"kind": "open_door", "description": "open the door", "args": []},
    {"kind": "restart", "description": "restart the terminal", "args": []},
    {"kind": "sync_time", "description": "set the terminal's clock to the server's", "args": []},
    {"kind": "get_status", "description": "ask the terminal's status", "args": []},
    {"kind": "get_info", "description": "ask the terminal's device information", "args": []},
    {"kind": "set_person_role", "description": "set a person's role on the terminal", "args": [
      {"name": "userId", "type": "int", "required": true, "description": "the person"},
      {"name": "role", "type": "string", "required": true, "description": "normal, admin or blacklist"}]},
    {"kind": "device_command", "description": "a free-form device command", "args": [
      {"name": "command_type", "type": "int", "required": true, "description": "the document's command_type"},
      {"name": "command_value", "type": "string", "required": false, "description": "its value"}]}
  ]
})json";

} // namespace passway::tcpjson
