#pragma once

#include "net/AllowedNetworks.h"

#include <cstddef>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway::plugin {

// What a site asks of one plugin's terminals before they are served
// (README, "Terminal identity"). Read once when the plugin is loaded.
struct TerminalPolicy {
    bool pinAddress = false;                // plugin.<id>.pin_address: refuse a new address until accepted
    bool certificateBound = false;          // plugin.<id>.tls.ca is set: the client certificate must name the serial
    net::AllowedNetworks allowedNetworks;   // plugin.<id>.allowed_networks (empty: everyone)
    std::size_t maxPending = 1000;          // devices.max_pending: unknown serials kept pending (0: no bound)

    // `plugin` is the plugin.<id> subtree, `host` the whole configuration.
    // Throws std::invalid_argument naming the bad key.
    static TerminalPolicy read(const Poco::Util::AbstractConfiguration& plugin,
                               const Poco::Util::AbstractConfiguration& host);
};

} // namespace passway::plugin
