#pragma once

#include "passway/Events.h"

#include <functional>
#include <string>

namespace Poco {
class Logger;
}

namespace passway {
class DeviceLeases;
class Store;
}

namespace passway::plugin {

// What every host service of one plugin shares: whose services they are,
// the store behind them, how events go out (source: the plugin id) and
// where to log.
struct ServiceScope {
    std::string pluginId;
    Store& store;
    std::function<void(const events::Outgoing&)> publish;
    Poco::Logger& logger;
    DeviceLeases* leases = nullptr;  // contact and loss of a device's connection; null: one host alone
};

} // namespace passway::plugin
