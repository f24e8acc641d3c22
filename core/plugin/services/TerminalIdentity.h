#pragma once

#include "passway/services/DeviceService.h"
#include "net/LimitLog.h"
#include "plugin/services/ServiceScope.h"
#include "plugin/services/TerminalPolicy.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace passway {
class Metrics;
}

namespace passway::plugin {

// The host's half of terminal identity for one plugin: which networks may
// connect, whether a client certificate names the serial, and which address
// a terminal is known by. Every plugin gets the same rules from here; the
// plugin only passes in what its transport saw. What each device is known by
// is kept in memory once read, so a keepalive costs no store access; an
// operator's acceptance reaches it through forget().
class TerminalIdentity {
public:
    TerminalIdentity(ServiceScope scope, TerminalPolicy policy, Metrics* metrics);

    const TerminalPolicy& policy() const { return policy_; }
    bool admitSource(const std::string& address);
    ContactVerdict check(std::int64_t deviceId, const std::string& serial, const Peer& peer);
    // Reads the device's addresses from the store again at its next contact.
    void forget(std::int64_t deviceId);

private:
    struct Known {
        std::string pinned;       // the address it is known by
        std::string pending;      // the other address already alarmed about
    };
    bool certificateNamesSerial(const std::string& serial, const Peer& peer);
    ContactVerdict checkAddress(Known& known, std::int64_t deviceId, const std::string& serial, const Peer& peer);

    ServiceScope scope_;
    const TerminalPolicy policy_;
    net::LimitLog refusals_;  // counted in passway_net_limit_total{listener="plugin.<id>"}, logged once a minute per source
    std::mutex mutex_;        // known_, and one address change written at a time
    std::unordered_map<std::int64_t, Known> known_;
    std::unordered_map<std::string, std::string> verifiedCertificates_;  // serial -> the PEM found to name it
};

} // namespace passway::plugin
