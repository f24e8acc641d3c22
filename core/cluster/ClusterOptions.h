#pragma once

#include <chrono>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

struct ClusterOptions {
    std::string hostId;                            // cluster.host_id; default <node name>:<http.port>
    std::string address;                           // the admin API's address, shown to operators
    std::chrono::milliseconds heartbeat{1000};     // cluster.heartbeat_ms: host row, leases, leadership
    std::chrono::milliseconds leaseFor{5000};      // cluster.lease_ms: a silent host's leases end after this
    std::chrono::milliseconds poll{1000};          // cluster.poll_ms: the tail looks anyway (NOTIFY lost)
    std::chrono::milliseconds unheldOffline{180000};  // cluster.unheld_offline_ms: see UnheldDeviceSweep

    static ClusterOptions read(const Poco::Util::AbstractConfiguration& config);
};

} // namespace passway
