#include "AttlogConfig.h"

#include <Poco/String.h>
#include <Poco/Timezone.h>

#include <set>
#include <stdexcept>

namespace passway::attlog {

namespace {

using Config = Poco::Util::AbstractConfiguration;

constexpr std::size_t kMinTokenLength = 8;

std::int64_t number(const Config& c, const std::string& key, std::int64_t fallback, std::int64_t low,
                    std::int64_t high) {
    const std::int64_t value = c.getInt64(key, fallback);
    if (value < low || value > high) {
        throw std::invalid_argument("plugin.attlog." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high) + ", not " + std::to_string(value));
    }
    return value;
}

std::string path(const Config& c, const std::string& name, const std::string& fallback) {
    const std::string value = Poco::trim(c.getString("path." + name, fallback));
    if (value.empty() || value.front() != '/' || value.find_first_of("?# ") != std::string::npos) {
        throw std::invalid_argument("plugin.attlog.path." + name + " must be a path starting with '/', not '" + value +
                                    "'");
    }
    return value;
}

bool isBridgeName(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (unsigned char ch : name) {
        if (!std::isalnum(ch) && ch != '_' && ch != '-') return false;
    }
    return true;
}

// plugin.attlog.token.<bridge> = <token>: the token is a secret, so no
// message here ever quotes it.
std::map<std::string, std::string> bridgeTokens(const Config& c) {
    std::map<std::string, std::string> byToken;
    Config::Keys bridges;
    c.keys("token", bridges);
    for (const auto& bridge : bridges) {
        if (!isBridgeName(bridge)) {
            throw std::invalid_argument("plugin.attlog.token." + bridge +
                                        ": a bridge name is 1-64 letters, digits, '_' or '-'");
        }
        const std::string token = Poco::trim(c.getString("token." + bridge, ""));
        if (token.size() < kMinTokenLength) {
            throw std::invalid_argument("plugin.attlog.token." + bridge + " must be at least " +
                                        std::to_string(kMinTokenLength) + " characters");
        }
        const auto [at, fresh] = byToken.emplace(token, bridge);
        if (!fresh) {
            throw std::invalid_argument("plugin.attlog.token." + bridge + " is the same token as plugin.attlog.token." +
                                        at->second + ": each bridge needs its own");
        }
    }
    return byToken;
}

}  // namespace

int AttlogConfig::hostUtcOffsetMinutes() {
    return (Poco::Timezone::utcOffset() + Poco::Timezone::dst()) / 60;
}

AttlogConfig AttlogConfig::read(const Config& c) {
    AttlogConfig a;
    a.address = c.getString("address", a.address);
    a.port = static_cast<std::uint16_t>(number(c, "port", a.port, 0, 65535));
    a.tls = c.getBool("tls.enabled", false);
    a.tlsCertificate = c.getString("tls.certificate", "");
    a.tlsPrivateKey = c.getString("tls.private_key", "");
    a.tlsCa = c.getString("tls.ca", "");
    if (a.tls && (a.tlsCertificate.empty() || a.tlsPrivateKey.empty())) {
        throw std::invalid_argument(
            "plugin.attlog.tls.enabled needs plugin.attlog.tls.certificate and tls.private_key");
    }
    a.maxThreads = static_cast<int>(number(c, "max_threads", a.maxThreads, 1, 4096));
    a.maxQueued = static_cast<int>(number(c, "max_queued", a.maxQueued, 1, 1000000));
    a.idleTimeoutSeconds = static_cast<int>(number(c, "idle_timeout_s", a.idleTimeoutSeconds, 1, 3600));

    a.paths.newLog = path(c, "new", a.paths.newLog);
    a.paths.syncLog = path(c, "sync", a.paths.syncLog);
    a.paths.users = path(c, "users", a.paths.users);
    a.paths.errorLog = path(c, "errorlog", a.paths.errorLog);
    a.paths.command = path(c, "command", a.paths.command);
    const std::set<std::string> distinct{a.paths.newLog, a.paths.syncLog, a.paths.users, a.paths.errorLog,
                                         a.paths.command};
    if (distinct.size() != 5) throw std::invalid_argument("plugin.attlog.path.* must be five different paths");
    a.tokens = bridgeTokens(c);

    a.maxBodyBytes = static_cast<std::size_t>(
        number(c, "max_body_bytes", static_cast<std::int64_t>(a.maxBodyBytes), 1024, 256 << 20));
    a.maxRecords = static_cast<int>(number(c, "max_records", a.maxRecords, 1, 100000));
    a.maxUsersPerAnswer = static_cast<int>(number(c, "max_users_per_answer", a.maxUsersPerAnswer, 1, 10000));
    a.serialPatternText = c.getString("sn_pattern", a.serialPatternText);
    try {
        a.serialPattern = std::regex(a.serialPatternText, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
        throw std::invalid_argument("plugin.attlog.sn_pattern is not a regular expression: " + std::string(e.what()));
    }
    a.utcOffsetMinutes = static_cast<int>(number(c, "utc_offset_minutes", hostUtcOffsetMinutes(), -14 * 60, 14 * 60));
    const std::string confirmation = Poco::toLower(Poco::trim(c.getString("user_confirmation", "next_request")));
    if (confirmation == "next_request") {
        a.userConfirmation = UserConfirmation::NextRequest;
    } else if (confirmation == "timestamp_echo") {
        a.userConfirmation = UserConfirmation::TimestampEcho;
    } else {
        throw std::invalid_argument("plugin.attlog.user_confirmation must be next_request | timestamp_echo, not '" +
                                    confirmation + "'");
    }
    a.defaultGroup = c.getString("default_group", a.defaultGroup);
    a.defaultTimeZone = c.getString("default_tz", a.defaultTimeZone);
    a.offlineAfterSeconds = static_cast<int>(number(c, "offline_after_s", a.offlineAfterSeconds, 10, 7 * 86400));
    a.lastSeenPersistSeconds = static_cast<int>(number(c, "last_seen_persist_s", a.lastSeenPersistSeconds, 0, 86400));
    return a;
}

}  // namespace passway::attlog
