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
    return options;
}

} // namespace passway
