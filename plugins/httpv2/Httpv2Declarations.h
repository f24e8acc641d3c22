#pragma once

// What the httpv2 plugin offers an operator (host API 5): its settings and
// command kinds, as the admin page renders them in forms. The keys, defaults
// and meanings are those of README.md's settings and commands tables; the
// plugin's own validation (Httpv2Config::read) stays the authority.

namespace passway::httpv2 {

inline constexpr const char* kDeclarations = R"json({
  "connect": "HTTPClient_ServerAddr = {scheme}://{host}:{port}",
  "settings": [
    {"key": "port", "type": "int", "default": "9001", "min": 0, "max": 65535, "description": "listening port"},
    {"key": "address", "type": "string", "default": "0.0.0.0", "description": "listening address"},
    {"key": "tls.enabled", "type": "bool", "default": "false", "description": "HTTPS for the terminals (needs tls.certificate and tls.private_key)"},
    {"key": "tls.certificate", "type": "string", "default": "", "description": "certificate chain, PEM file"},
    {"key": "tls.private_key", "type": "string", "default": "", "description": "private key, PEM file"},
    {"key": "tls.ca", "type": "string", "default": "", "description": "CA whose client certificates name the SN (empty: no client certificates)"},
    {"key": "allowed_networks", "type": "list", "default": "", "description": "only these networks may connect (CIDR list; empty: everyone)"},
    {"key": "pin_address", "type": "bool", "default": "false", "description": "refuse a known SN calling from a new address until an operator accepts it"},
    {"key": "keepalive_interval_s", "type": "int", "default": "30", "min": 5, "max": 3600, "description": "a terminal's keepalive interval until it reports its own"},
    {"key": "offline_after_keepalives", "type": "int", "default": "3", "min": 1, "max": 100, "description": "silent intervals before a terminal is offline"},
    {"key": "photo_mode", "type": "choice", "default": "url", "choices": ["url", "base64"], "description": "photos as URLs served by the plugin, or inline"},
    {"key": "public_url", "type": "string", "default": "", "description": "base of photo URLs; empty: the Host the terminal used"},
    {"key": "push_people_policy", "type": "choice", "default": "create_only", "choices": ["ignore", "create_only", "upsert"], "description": "what a person pushed by a terminal does"},
    {"key": "person_intake", "type": "choice", "default": "review", "choices": ["review", "accept"], "description": "persons terminals create wait for an operator unless accept"},
    {"key": "authorization_greeting", "type": "string", "default": "{name}", "description": "online authorization message; empty: open silently"},
    {"key": "authorization_script_ms", "type": "int", "default": "1500", "min": 0, "max": 10000, "description": "how long scripts may take to decide an online authorization; 0: not asked"},
    {"key": "max_clock_skew_s", "type": "int", "default": "30", "min": 0, "max": 86400, "description": "a terminal clock further off is announced and corrected; 0: never"},
    {"key": "max_photo_bytes", "type": "int", "default": "409600", "min": 1024, "max": 16777216, "description": "photos are offered as JPEG of at most this size"}
  ],
  "commands": [
    {"kind": "open_door", "description": "open the door", "args": [
      {"name": "door", "type": "int", "required": false, "description": "1 open, 2 keep open, 3 close, 4 lock, 5 unlock"}]},
    {"kind": "keep_door_open", "description": "keep the door open", "args": []},
    {"kind": "close_door", "description": "close the door", "args": []},
    {"kind": "lock_door", "description": "lock the door", "args": []},
    {"kind": "unlock_door", "description": "unlock the door", "args": []},
    {"kind": "restart", "description": "restart the terminal", "args": []},
    {"kind": "factory_reset", "description": "factory reset (everyone is sent again)", "args": []},
    {"kind": "close_alarm", "description": "silence the alarm", "args": []},
    {"kind": "push_all_persons", "description": "the terminal sends everyone it holds", "args": []},
    {"kind": "clear_records", "description": "delete the terminal's records", "args": []},
    {"kind": "snapshot", "description": "take a photo", "args": []},
    {"kind": "register_identify_ticket", "description": "enrol a credential at the terminal", "args": [
      {"name": "userId", "type": "int", "required": true, "description": "the person"},
      {"name": "type", "type": "string", "required": true, "description": "card, password, fingerprint, face or palmvein"}]},
    {"kind": "elevator", "description": "elevator ports", "args": [
      {"name": "ports", "type": "string", "required": true, "description": "ports, e.g. 1,2"},
      {"name": "action", "type": "string", "required": false, "description": "open, keep_open, close, lock or unlock"}]}
  ]
})json";

} // namespace passway::httpv2
