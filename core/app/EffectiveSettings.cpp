#include "app/EffectiveSettings.h"

#include <Poco/Exception.h>

namespace passway {

namespace {

void collect(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        if (prefix.empty() && (key == "system" || key == "application")) continue;
        if (config.has(full)) {
            std::string value = config.getRawString(full);
            try {
                value = config.getString(full);  // with ${...} expanded, as the host reads it
            } catch (const Poco::Exception&) {
                // An expansion that fails is shown raw.
            }
            out.emplace_back(full, value);
        }
        collect(config, full, out);  // a key may have both a value and sub-keys
    }
}

} // namespace

std::vector<std::pair<std::string, std::string>> effectiveSettings(const Poco::Util::AbstractConfiguration& config) {
    std::vector<std::pair<std::string, std::string>> settings;
    collect(config, "", settings);
    return settings;
}

} // namespace passway
