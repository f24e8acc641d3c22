#include "Httpv2Config.h"

#include <Poco/String.h>

#include <stdexcept>

namespace passway::httpv2 {

namespace {

using Config = Poco::Util::AbstractConfiguration;

int intIn(const Config& c, const std::string& key, int fallback, int low, int high) {
    const int value = c.getInt(key, fallback);
    if (value < low || value > high) {
        throw std::invalid_argument("plugin.httpv2." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high) + ", not " + std::to_string(value));
    }
    return value;
}

std::size_t bytesIn(const Config& c, const std::string& key, std::size_t fallback, std::size_t low, std::size_t high) {
    const auto value = static_cast<std::size_t>(c.getUInt64(key, fallback));
    if (value < low || value > high) {
        throw std::invalid_argument("plugin.httpv2." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high) + " bytes");
    }
    return value;
}

std::string word(const Config& c, const std::string& key, const std::string& fallback,
                 std::initializer_list<const char*> allowed) {
    const std::string value = Poco::toLower(Poco::trim(c.getString(key, fallback)));
    std::string list;
    for (const char* a : allowed) {
        if (value == a) return value;
        list += (list.empty() ? "" : " | ") + std::string(a);
    }
    throw std::invalid_argument("plugin.httpv2." + key + " must be " + list + ", not '" + value + "'");
}

} // namespace

Httpv2Config Httpv2Config::read(const Config& c) {
    Httpv2Config h;
    h.address = c.getString("address", h.address);
    h.port = static_cast<std::uint16_t>(intIn(c, "port", h.port, 0, 65535));
    h.tls = c.getBool("tls.enabled", false);
    h.tlsCertificate = c.getString("tls.certificate", "");
    h.tlsPrivateKey = c.getString("tls.private_key", "");
    h.tlsCa = c.getString("tls.ca", "");
    if (h.tls && (h.tlsCertificate.empty() || h.tlsPrivateKey.empty())) {
        throw std::invalid_argument("plugin.httpv2.tls.enabled needs plugin.httpv2.tls.certificate and tls.private_key");
    }
    h.maxThreads = intIn(c, "max_threads", h.maxThreads, 1, 4096);
    h.maxQueued = intIn(c, "max_queued", h.maxQueued, 1, 1000000);
    h.idleTimeoutSeconds = intIn(c, "idle_timeout_s", h.idleTimeoutSeconds, 1, 3600);

    h.limits.maxBody = bytesIn(c, "max_body_bytes", h.limits.maxBody, 1024, 1u << 30);
    h.limits.maxInflated = bytesIn(c, "max_inflated_bytes", h.limits.maxInflated, 1024, 1u << 30);
    h.serialPatternText = c.getString("sn_pattern", h.serialPatternText);
    try {
        h.serialPattern = std::regex(h.serialPatternText, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
        throw std::invalid_argument("plugin.httpv2.sn_pattern is not a regular expression: " + std::string(e.what()));
    }

    h.defaultKeepaliveSeconds = intIn(c, "keepalive_interval_s", h.defaultKeepaliveSeconds, 5, 3600);
    h.offlineAfterKeepalives = intIn(c, "offline_after_keepalives", h.offlineAfterKeepalives, 1, 100);
    h.lastSeenPersistSeconds = intIn(c, "last_seen_persist_s", h.lastSeenPersistSeconds, 0, 86400);
    h.sweepSeconds = intIn(c, "sweep_interval_s", h.sweepSeconds, 1, 3600);

    h.photoMode = word(c, "photo_mode", "url", {"url", "base64"}) == "base64" ? PhotoMode::Base64 : PhotoMode::Url;
    h.publicUrl = Poco::trim(c.getString("public_url", ""));
    while (!h.publicUrl.empty() && h.publicUrl.back() == '/') h.publicUrl.pop_back();
    const std::string policy = word(c, "push_people_policy", "create_only", {"ignore", "create_only", "upsert"});
    h.pushPeoplePolicy = policy == "ignore" ? PushPeoplePolicy::Ignore
                         : policy == "upsert" ? PushPeoplePolicy::Upsert
                                              : PushPeoplePolicy::CreateOnly;
    h.commands.ticketForm =
        word(c, "register_ticket_form", "object", {"object", "flat"}) == "flat" ? TicketForm::Flat : TicketForm::Object;
    h.flagsMode = word(c, "keepalive_flags", "all", {"all", "highest"}) == "highest" ? FlagsMode::Highest : FlagsMode::All;
    h.downloadMode =
        word(c, "download_settings", "merged", {"merged", "desired"}) == "desired" ? DownloadMode::Desired : DownloadMode::Merged;
    h.templateMd5 = c.getBool("template_md5", false);
    h.noTimeGroup = intIn(c, "timegroup_none", h.noTimeGroup, 0, 64);
    h.maxPhotoBytes = bytesIn(c, "max_photo_bytes", h.maxPhotoBytes, 16 * 1024, 8u << 20);
    h.wipeRatio = c.getDouble("wipe_ratio", h.wipeRatio);
    if (!(h.wipeRatio >= 0.0 && h.wipeRatio <= 1.0)) {
        throw std::invalid_argument("plugin.httpv2.wipe_ratio must be between 0 and 1");
    }
    h.serveFiles = c.getBool("serve_files", true);

    h.batchTimeoutSeconds = intIn(c, "batch_timeout_s", h.batchTimeoutSeconds, 1, 86400);
    h.commandResultTimeoutSeconds = intIn(c, "command_result_timeout_s", h.commandResultTimeoutSeconds, 5, 7 * 86400);
    h.defaultDownloadLimit = intIn(c, "default_download_limit", h.defaultDownloadLimit, 1, h.maxPeopleLimit);
    h.defaultDeleteLimit = intIn(c, "default_delete_limit", h.defaultDeleteLimit, 1, h.maxPeopleLimit);

    h.replyGzip = c.getBool("reply_gzip", true);
    h.replyGzipMinBytes = bytesIn(c, "reply_gzip_min_bytes", h.replyGzipMinBytes, 0, 1u << 30);
    h.authorizationGreeting = c.getString("authorization_greeting", h.authorizationGreeting);
    h.authorizationScriptMs = intIn(c, "authorization_script_ms", h.authorizationScriptMs, 0, 10000);
    h.lookupCardOwner = c.getBool("lookup_card_owner", true);
    h.maxClockSkewSeconds = intIn(c, "max_clock_skew_s", h.maxClockSkewSeconds, 0, 366 * 86400);
    return h;
}

} // namespace passway::httpv2
