#include "TcpjsonConfig.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Timezone.h>

#include <stdexcept>

namespace passway::tcpjson {

namespace {

using Config = Poco::Util::AbstractConfiguration;

std::int64_t number(const Config& c, const std::string& key, std::int64_t fallback, std::int64_t low,
                    std::int64_t high) {
    const std::int64_t value = c.getInt64(key, fallback);
    if (value < low || value > high) {
        throw std::invalid_argument("plugin.tcpjson." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high) + ", not " + std::to_string(value));
    }
    return value;
}

// "1:face,2:card" → {1: face, 2: card}
std::map<int, std::string> codeTable(const Config& c, const std::string& key, std::map<int, std::string> fallback) {
    if (!c.has(key)) return fallback;
    std::map<int, std::string> table;
    Poco::StringTokenizer items(c.getString(key), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& item : items) {
        const auto colon = item.find(':');
        int code = 0;
        if (colon == std::string::npos || !Poco::NumberParser::tryParse(Poco::trim(item.substr(0, colon)), code)) {
            throw std::invalid_argument("plugin.tcpjson." + key + ": '" + item + "' is not code:name");
        }
        table[code] = Poco::trim(item.substr(colon + 1));
    }
    return table;
}

} // namespace

int TcpjsonConfig::hostUtcOffsetMinutes() { return (Poco::Timezone::utcOffset() + Poco::Timezone::dst()) / 60; }

TcpjsonConfig TcpjsonConfig::read(const Config& c) {
    TcpjsonConfig t;
    t.address = c.getString("address", t.address);
    t.port = static_cast<std::uint16_t>(number(c, "port", t.port, 0, 65535));
    t.backlog = static_cast<int>(number(c, "backlog", t.backlog, 1, 65535));
    t.maxConnections = static_cast<std::size_t>(number(c, "max_connections", 20000, 1, 1000000));
    t.maxObjectBytes = static_cast<std::size_t>(number(c, "max_object_bytes", 1 << 20, 1024, 64 << 20));
    t.webSocketGraceMs = number(c, "websocket_grace_ms", t.webSocketGraceMs, 0, 10000);
    t.requestTimeoutMs = number(c, "request_timeout_ms", t.requestTimeoutMs, 100, 600000);
    t.commandAttempts = static_cast<int>(number(c, "command_attempts", t.commandAttempts, 1, 100));
    t.maxClockSkewSeconds = static_cast<int>(number(c, "max_clock_skew_s", t.maxClockSkewSeconds, 0, 366 * 86400));
    t.retryDelayMs = number(c, "retry_delay_ms", t.retryDelayMs, 0, 3600000);
    t.heartbeatSeconds = static_cast<int>(number(c, "heartbeat_s", t.heartbeatSeconds, 1, 86400));
    t.heartbeatMisses = static_cast<int>(number(c, "heartbeat_misses", t.heartbeatMisses, 1, 100));
    t.lastSeenPersistSeconds = static_cast<int>(number(c, "last_seen_persist_s", t.lastSeenPersistSeconds, 0, 86400));
    t.workers = static_cast<int>(number(c, "workers", t.workers, 1, 256));
    t.earlyObjects = static_cast<int>(number(c, "early_objects", t.earlyObjects, 0, 10000));
    t.editWithUpdatePerson = c.getBool("edit_with_update_person", t.editWithUpdatePerson);
    t.utcOffsetMinutes = static_cast<int>(number(c, "utc_offset_minutes", hostUtcOffsetMinutes(), -14 * 60, 14 * 60));
    t.openDoorCommandType = static_cast<int>(number(c, "open_door_command_type", t.openDoorCommandType, -1000000, 1000000));
    t.restartCommandType = static_cast<int>(number(c, "restart_command_type", t.restartCommandType, -1000000, 1000000));
    // "none" (or empty): terminals of this site have no code for the role;
    // a person with it is not pushed (a sync error) rather than sent as 0.
    for (auto it = t.roles.begin(); it != t.roles.end();) {
        const std::string key = "role." + it->first;
        const std::string text = Poco::trim(c.getString(key, ""));
        if (c.has(key) && (text == "none" || text.empty())) {
            it = t.roles.erase(it);
            continue;
        }
        it->second = static_cast<int>(number(c, key, it->second, -1000000, 1000000));
        ++it;
    }
    t.openDoorTypes = codeTable(c, "open_door_types", t.openDoorTypes);
    t.inOutTypes = codeTable(c, "in_out_types", t.inOutTypes);
    Poco::StringTokenizer origins(c.getString("allowed_origins", ""), ",",
                                  Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    t.allowedOrigins.assign(origins.begin(), origins.end());
    return t;
}

} // namespace passway::tcpjson
