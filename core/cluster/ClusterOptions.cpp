#include "cluster/ClusterOptions.h"

#include <Poco/Environment.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway {

ClusterOptions ClusterOptions::read(const Poco::Util::AbstractConfiguration& config) {
    ClusterOptions options;
    const std::string port = config.getString("http.port", "8080");
    // Two hosts on one machine differ by their admin port.
    options.hostId = config.getString("cluster.host_id", Poco::Environment::nodeName() + ":" + port);
    options.address = config.getString("http.address", "0.0.0.0") + ":" + port;
    options.heartbeat = std::chrono::milliseconds(std::clamp(config.getInt("cluster.heartbeat_ms", 1000), 100, 60000));
    options.leaseFor = std::chrono::milliseconds(
        std::max<int>(config.getInt("cluster.lease_ms", 5000), 3 * static_cast<int>(options.heartbeat.count())));
    options.poll = std::chrono::milliseconds(std::clamp(config.getInt("cluster.poll_ms", 1000), 10, 60000));
    // Above a terminal's usual silence before its host calls it offline
    // (three keepalives of a minute), so a terminal on its way to another
    // host is not called offline first.
    options.unheldOffline =
        std::chrono::milliseconds(std::clamp(config.getInt("cluster.unheld_offline_ms", 180000), 1000, 86400000));
    return options;
}

} // namespace passway
