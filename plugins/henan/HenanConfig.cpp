#include "HenanConfig.h"

#include <Poco/String.h>
#include <Poco/Timezone.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace passway::henan {

namespace {

using Config = Poco::Util::AbstractConfiguration;

std::int64_t number(const Config& c, const std::string& key, std::int64_t fallback, std::int64_t low,
                    std::int64_t high) {
    const std::int64_t value = c.getInt64(key, fallback);
    if (value < low || value > high) {
        throw std::invalid_argument("plugin.henan." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high) + ", not " + std::to_string(value));
    }
    return value;
}

bool isName(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (unsigned char ch : name) {
        if (!std::isalnum(ch) && ch != '_' && ch != '-') return false;
    }
    return true;
}

std::map<std::string, std::string> appSecrets(const Config& c) {
    std::map<std::string, std::string> out;
    Config::Keys ids;
    c.keys("app", ids);
    for (const auto& id : ids) {
        if (!isName(id)) throw std::invalid_argument("plugin.henan.app." + id + ": an appid is 1-64 letters, digits, '_' or '-'");
        const std::string secret = c.getString("app." + id + ".secret", "");
        if (secret.empty()) throw std::invalid_argument("plugin.henan.app." + id + ".secret is empty");
        out.emplace(id, secret);
    }
    return out;
}

UplinkConfig uplink(const Config& c, const std::string& name) {
    const std::string k = "uplink." + name + ".";
    UplinkConfig u;
    u.name = name;
    u.url = Poco::trim(c.getString(k + "url", ""));
    while (!u.url.empty() && u.url.back() == '/') u.url.pop_back();
    u.appid = c.getString(k + "appid", "");
    u.secret = c.getString(k + "secret", "");
    u.sn = c.getString(k + "sn", "");
    u.version = c.getString(k + "version", u.version);
    u.persons = Poco::toLower(c.getString(k + "persons", u.persons));
    u.heartbeatSeconds = static_cast<int>(number(c, k + "heartbeat_s", 0, 0, 86400));
    u.retrySeconds = static_cast<int>(number(c, k + "retry_s", u.retrySeconds, 1, 3600));
    u.timeoutSeconds = static_cast<int>(number(c, k + "timeout_s", u.timeoutSeconds, 1, 300));
    try {
        const Poco::URI uri(u.url);
        if (uri.getScheme() != "http" && uri.getScheme() != "https") throw std::invalid_argument("");
    } catch (const std::exception&) {
        throw std::invalid_argument("plugin.henan." + k + "url must be an http:// or https:// URL, not '" + u.url + "'");
    }
    if (u.appid.empty() || u.secret.empty() || u.sn.empty()) {
        throw std::invalid_argument("plugin.henan." + k + "appid, secret and sn are all needed");
    }
    if (u.version != "v1" && u.version != "v2" && u.version != "v2.1") {
        throw std::invalid_argument("plugin.henan." + k + "version must be v1 | v2 | v2.1, not '" + u.version + "'");
    }
    if (u.persons != "upsert" && u.persons != "create_only" && u.persons != "ignore") {
        throw std::invalid_argument("plugin.henan." + k + "persons must be upsert | create_only | ignore");
    }
    return u;
}

}  // namespace

std::string HenanConfig::masked(const std::string& secret) {
    if (secret.size() <= 4) return "***";
    return secret.substr(0, 2) + "***";
}

HenanConfig HenanConfig::read(const Config& c) {
    HenanConfig h;
    h.address = c.getString("address", h.address);
    h.port = static_cast<std::uint16_t>(number(c, "port", h.port, 0, 65535));
    h.tls = c.getBool("tls.enabled", false);
    h.tlsCertificate = c.getString("tls.certificate", "");
    h.tlsPrivateKey = c.getString("tls.private_key", "");
    h.tlsCa = c.getString("tls.ca", "");
    if (h.tls && (h.tlsCertificate.empty() || h.tlsPrivateKey.empty())) {
        throw std::invalid_argument("plugin.henan.tls.enabled needs plugin.henan.tls.certificate and tls.private_key");
    }
    h.maxThreads = static_cast<int>(number(c, "max_threads", h.maxThreads, 1, 4096));
    h.maxQueued = static_cast<int>(number(c, "max_queued", h.maxQueued, 1, 1000000));
    h.idleTimeoutSeconds = static_cast<int>(number(c, "idle_timeout_s", h.idleTimeoutSeconds, 1, 3600));
    h.maxBodyBytes = static_cast<std::size_t>(
        number(c, "max_body_bytes", static_cast<std::int64_t>(h.maxBodyBytes), 1024, 256 << 20));
    h.apps = appSecrets(c);
    h.devMode = c.getBool("dev_mode", false);
    const std::string unit = Poco::toLower(c.getString("server_time_unit", "ms"));
    if (unit != "ms" && unit != "s") throw std::invalid_argument("plugin.henan.server_time_unit must be ms | s");
    h.serverTimeMillis = unit == "ms";
    h.timeIntervalSeconds = static_cast<int>(number(c, "time_interval_s", h.timeIntervalSeconds, 1, 86400));
    h.attendanceIntervalSeconds =
        static_cast<int>(number(c, "attendance_interval_s", h.attendanceIntervalSeconds, 1, 86400));
    h.title = c.getString("title", h.title);
    h.topLogoUrl = c.getString("top_logo_url", "");
    h.bottomLogoUrl = c.getString("bottom_logo_url", "");
    h.publicUrl = c.getString("public_url", "");
    while (!h.publicUrl.empty() && h.publicUrl.back() == '/') h.publicUrl.pop_back();
    const int hostOffset = (Poco::Timezone::utcOffset() + Poco::Timezone::dst()) / 60;
    h.utcOffsetMinutes = static_cast<int>(number(c, "utc_offset_minutes", hostOffset, -14 * 60, 14 * 60));
    h.failCount = static_cast<int>(number(c, "fail_count", h.failCount, 1, 100));
    h.maxPersonsPerCommand = static_cast<int>(number(c, "max_persons_per_command", h.maxPersonsPerCommand, 1, 1000));
    h.maxAttendance = static_cast<int>(number(c, "max_attendance", h.maxAttendance, 1, 100000));
    h.maxPhotoBytes = static_cast<std::uint64_t>(
        number(c, "max_photo_bytes", static_cast<std::int64_t>(h.maxPhotoBytes), 16 * 1024, 16 << 20));
    h.repeatWindowMs = static_cast<int>(number(c, "repeat_window_ms", h.repeatWindowMs, 0, 600000));
    h.offlineAfterSeconds = static_cast<int>(number(c, "offline_after_s", h.offlineAfterSeconds, 10, 7 * 86400));

    Config::Keys names;
    c.keys("uplink", names);
    for (const auto& name : names) {
        if (!isName(name)) throw std::invalid_argument("plugin.henan.uplink." + name + ": a name is 1-64 letters, digits, '_' or '-'");
        h.uplinks.push_back(uplink(c, name));
    }
    return h;
}

}  // namespace passway::henan
