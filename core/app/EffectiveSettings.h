#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <utility>
#include <vector>

namespace passway {

// Every key of the layered configuration (defaults, file, --set) with the
// value that wins, for the admin page's read-only settings view. Poco's own
// `system.*` and `application.*` keys are left out: they describe the
// process, not the site. Values are returned as they are; the admin API masks
// secrets where they leave the process.
std::vector<std::pair<std::string, std::string>> effectiveSettings(const Poco::Util::AbstractConfiguration& config);

} // namespace passway
