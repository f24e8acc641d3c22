#include "admin/resources/SettingWrites.h"

#include "admin/http/ApiError.h"
#include "settings/RuntimeSettings.h"
#include "util/SecretPolicy.h"

#include <Poco/Logger.h>

namespace passway::admin {

std::vector<std::string> writeSettings(RuntimeSettings& settings, const std::vector<SettingDeclaration>& declarations,
                                       const std::string& prefix, const Poco::JSON::Object::Ptr& values,
                                       const std::string& user) {
    if (!values) throw ApiError::badRequest("expected a JSON object of settings: {\"values\": {\"key\": \"value\"}}");
    struct Change {
        std::string key;
        std::optional<std::string> value;  // nullopt: reset
    };
    std::vector<Change> changes;
    for (const auto& [key, raw] : *values) {
        const SettingDeclaration* d = findDeclaration(declarations, key);
        if (!d) throw ApiError::invalid(key, "not a setting declared here");
        const std::string full = prefix + key;
        if (settings.source(full) == "set")
            throw ApiError::conflict(full + " is set on the command line (--set), which outranks the page");
        if (raw.isEmpty()) {
            changes.push_back({full, std::nullopt});
            continue;
        }
        const std::string value = raw.convert<std::string>();
        if (d->secret && value == kSecretMask) continue;  // the form's mask: unchanged
        if (const std::string problem = validateSetting(*d, value); !problem.empty())
            throw ApiError::invalid(key, problem);
        changes.push_back({full, value});
    }
    std::vector<std::string> changed;
    auto& log = Poco::Logger::get("settings");
    for (const auto& c : changes) {
        if (c.value) {
            settings.put(c.key, *c.value, user);
        } else {
            settings.reset(c.key);
        }
        // The key only: values may be secrets.
        log.information(c.key + (c.value ? " changed" : " reset") + " on the admin page by " + user);
        changed.push_back(c.key);
    }
    return changed;
}

} // namespace passway::admin
