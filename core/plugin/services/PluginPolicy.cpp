#include "plugin/services/PluginPolicy.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway::plugin {

PluginPolicy PluginPolicy::read(const Poco::Util::AbstractConfiguration& config, const std::string& pluginId,
                                std::string* warning) {
    PluginPolicy policy;
    const std::int64_t initialS = std::max<std::int64_t>(1, config.getInt64("sync.retry_initial_s", 60));
    const std::int64_t maxS = std::max<std::int64_t>(initialS, config.getInt64("sync.retry_max_s", 3600));
    policy.syncRetryInitialMs = initialS * 1000;
    policy.syncRetryMaxMs = maxS * 1000;
    const std::string key = "plugin." + pluginId + ".person_intake";
    const std::string intake = config.getString(key, "review");
    policy.reviewPersonIntake = intake != "accept";
    if (intake != "accept" && intake != "review" && warning) {
        *warning = key + " = " + intake + " is neither review nor accept; persons from terminals are held for review";
    }
    return policy;
}

} // namespace passway::plugin
