#pragma once

#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway::plugin {

// The site's rules the host applies to every plugin's services, read once
// when the plugin's context is made (README: sync.retry_*, plugin.<id>.person_intake).
struct PluginPolicy {
    std::int64_t syncRetryInitialMs = 60'000;    // sync.retry_initial_s: first delay after a transient failure
    std::int64_t syncRetryMaxMs = 3'600'000;     // sync.retry_max_s: the doubling stops here
    // plugin.<id>.person_intake: review (default) holds persons terminals
    // create, raise to admin or give a new card; accept stores them.
    bool reviewPersonIntake = true;

    // Unknown person_intake values fall back to review (the safe side) and
    // are named in `warning`.
    static PluginPolicy read(const Poco::Util::AbstractConfiguration& config, const std::string& pluginId,
                             std::string* warning = nullptr);
};

} // namespace passway::plugin
