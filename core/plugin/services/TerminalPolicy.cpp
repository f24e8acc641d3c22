#include "plugin/services/TerminalPolicy.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <stdexcept>

namespace passway::plugin {

TerminalPolicy TerminalPolicy::read(const Poco::Util::AbstractConfiguration& plugin,
                                    const Poco::Util::AbstractConfiguration& host) {
    TerminalPolicy policy;
    policy.pinAddress = plugin.getBool("pin_address", false);
    policy.certificateBound = !plugin.getString("tls.ca", "").empty();
    policy.allowedNetworks = net::AllowedNetworks::parse(plugin.getString("allowed_networks", ""));
    const auto maxPending = host.getInt64("devices.max_pending", 1000);
    if (maxPending < 0) throw std::invalid_argument("devices.max_pending must be 0 (no bound) or more");
    policy.maxPending = static_cast<std::size_t>(maxPending);
    return policy;
}

} // namespace passway::plugin
