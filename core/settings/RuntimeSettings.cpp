#include "settings/RuntimeSettings.h"

#include "passway/Clock.h"
#include "store/SettingRepository.h"

#include <Poco/Logger.h>

namespace passway {

namespace {

SettingDeclaration host(std::string key, std::string type, std::string fallback, std::string description,
                        std::string apply, std::optional<double> min = std::nullopt,
                        std::optional<double> max = std::nullopt) {
    SettingDeclaration d;
    d.key = std::move(key);
    d.type = std::move(type);
    d.defaultValue = std::move(fallback);
    d.description = std::move(description);
    d.secret = d.type == "secret";
    d.apply = std::move(apply);
    d.min = min;
    d.max = max;
    return d;
}

} // namespace

RuntimeSettings::RuntimeSettings(SettingRepository& store, const Poco::Util::AbstractConfiguration& config,
                                 const Poco::Util::AbstractConfiguration* overrides,
                                 const Poco::Util::AbstractConfiguration* file)
    : store_(store), config_(config), overrides_(overrides), file_(file), layer_(new PageSettingsLayer) {
    const auto stored = store_.list();
    for (const auto& s : stored) layer_->setString(s.key, s.value);
    // The layer joins `config` after this: what the host starts with is
    // --set, else the page's, else the file's or the default.
    for (const auto& d : hostSettings()) {
        if (d.apply != "restart") continue;
        if (overrides_ && overrides_->has(d.key)) {
            atStart_[d.key] = overrides_->getRawString(d.key, "");
        } else if (layer_->has(d.key)) {
            atStart_[d.key] = layer_->getRawString(d.key, "");
        } else {
            atStart_[d.key] = value(d.key);
        }
    }
    if (!stored.empty()) {
        Poco::Logger::get("settings").information(std::to_string(stored.size()) +
                                                  " setting(s) changed on the admin page apply above the INI file");
    }
}

const std::vector<SettingDeclaration>& RuntimeSettings::hostSettings() {
    static const std::vector<SettingDeclaration> settings = [] {
        std::vector<SettingDeclaration> s;
        s.push_back(host("sms.url", "url", "", "SMS gateway URL; {to} and {text} are replaced", "live"));
        s.push_back(host("sms.method", "string", "POST", "HTTP method of the gateway call", "live"));
        s.push_back(host("sms.content_type", "string", "application/json", "Content-Type of the body", "live"));
        s.push_back(host("sms.body", "string", "{\"to\":\"{to}\",\"text\":\"{text}\"}", "request body; {to} and {text} are replaced", "live"));
        s.push_back(host("sms.headers", "secret", "", "extra headers as a JSON object (API keys: write-only)", "live"));
        s.push_back(host("outbox.max_attempts", "int", "10", "attempts before a delivery is dead", "restart", 1, 1000));
        s.push_back(host("outbox.backoff_ms", "int", "1000", "delay after the first failed attempt, doubled after each", "restart", 10, 3600000));
        s.push_back(host("outbox.backoff_max_ms", "int", "600000", "longest delay between attempts", "restart", 10, 86400000));
        s.push_back(host("outbox.timeout_ms", "int", "10000", "time limit of one delivery", "restart", 100, 600000));
        s.push_back(host("face.match_threshold", "number", "0", "cosine similarity for \"same person\"; 0: the recognizer's default", "restart", 0, 1));
        s.push_back(host("face.min_face_size", "int", "64", "enrollment check: smallest face, pixels", "restart", 16, 4096));
        s.push_back(host("face.min_score", "number", "0.75", "enrollment check: lowest detection score", "restart", 0, 1));
        s.push_back(host("face.min_sharpness", "number", "25", "enrollment check: lowest sharpness", "restart", 0, 10000));
        s.push_back(host("devices.auto_activate", "bool", "false", "unknown terminals become active at first contact", "restart"));
        s.push_back(host("devices.max_pending", "int", "1000", "pending devices kept; 0: no bound", "restart", 0, 1000000));
        s.push_back(host("devices.clock_warn_s", "int", "30", "the device page warns of a terminal clock further off; 0: never", "live", 0, 86400));
        return s;
    }();
    return settings;
}

std::string RuntimeSettings::source(const std::string& key) const {
    if (overrides_ && overrides_->has(key)) return "set";
    if (layer_->has(key)) return "page";
    if (file_ && file_->has(key)) return "file";
    if (config_.has(key)) return "default";
    return "";
}

std::string RuntimeSettings::value(const std::string& key) const {
    try {
        return config_.getString(key, "");
    } catch (const Poco::Exception&) {
        return config_.getRawString(key, "");
    }
}

void RuntimeSettings::put(const std::string& key, const std::string& value, const std::string& user) {
    std::lock_guard lock(writes_);
    store_.put(StoredSetting{key, value, nowMillis(), user});
    layer_->setString(key, value);
}

bool RuntimeSettings::reset(const std::string& key) {
    std::lock_guard lock(writes_);
    const bool removed = store_.remove(key);
    layer_->remove(key);
    return removed;
}

void RuntimeSettings::reload(const std::string& prefix) {
    std::lock_guard lock(writes_);
    std::map<std::string, std::string> stored;
    for (const auto& s : store_.list()) {
        if (s.key.rfind(prefix, 0) == 0) stored[s.key] = s.value;
    }
    // Every leaf of the layer under the prefix: those no longer stored were reset.
    std::vector<std::string> present;
    std::vector<std::string> pending{prefix.empty() || prefix.back() != '.' ? prefix : prefix.substr(0, prefix.size() - 1)};
    while (!pending.empty()) {
        const std::string key = pending.back();
        pending.pop_back();
        Poco::Util::AbstractConfiguration::Keys children;
        layer_->keys(key, children);
        if (children.empty() && layer_->has(key)) present.push_back(key);
        for (const auto& child : children) pending.push_back(key.empty() ? child : key + "." + child);
    }
    for (const auto& key : present) {
        if (!stored.count(key)) layer_->remove(key);
    }
    for (const auto& [key, value] : stored) layer_->setString(key, value);
}

bool RuntimeSettings::waitsForRestart(const std::string& key) const {
    const auto started = atStart_.find(key);
    return started != atStart_.end() && started->second != value(key);
}

std::optional<std::pair<std::string, std::int64_t>> RuntimeSettings::changedBy(const std::string& key) const {
    const auto stored = store_.find(key);
    if (!stored) return std::nullopt;
    return std::make_pair(stored->updatedBy, stored->updatedAt);
}

} // namespace passway
