#pragma once

#include <chrono>
#include <cstdint>
#include <map>

namespace passway {

class ClusterRepository;
class EventBus;

// On the cluster's leader: marks offline a terminal the store still has
// online although no host holds it. A host's own sweep leaves alone a silent
// terminal whose lease another host holds (that host hears it); should that
// host then die and the terminal come back to no host at all, nobody would
// ever call it offline. The leader does, once no host has held it for
// `after` (cluster.unheld_offline_ms) as this leader saw it, and its last
// contact is older than that too; it publishes `device.offline` as a host's
// sweep would.
//
// Held devices cost nothing here: a held one has a lease renewed with its
// host's heartbeat. One query over the online devices every `after`/4 (at
// most every 15 s).
class UnheldDeviceSweep {
public:
    UnheldDeviceSweep(ClusterRepository& cluster, EventBus& bus, std::chrono::milliseconds after);

    // On the heartbeat thread while this host leads. Throws what the store throws.
    void run(std::int64_t now);
    // Leadership ended: a later term starts its watch afresh.
    void forget();

private:
    ClusterRepository& cluster_;
    EventBus& bus_;
    const std::int64_t afterMs_;
    const std::int64_t everyMs_;
    std::int64_t lastLook_ = 0;
    std::map<std::int64_t, std::int64_t> unheldSince_;  // device → when this leader first found it unheld
};

} // namespace passway
