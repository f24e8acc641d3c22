#pragma once

#include "service/Services.h"

#include <Poco/Net/DatagramSocket.h>

#include <atomic>
#include <thread>

namespace passway::zjchilink {

// Section 10: UDP discovery on plugin.zjchilink.udp.address:udp.port (the
// document's destination port 9830), off unless udp.enabled. A probe is a
// JSON datagram (at most 8 KiB); the answer goes back to its sender in the
// document's shape: msg.uuid naming a known device -> that device's JSON
// (200601), an unknown uuid -> 400601, no uuid -> Passway itself as the
// site's gateway (category "gw", its HTTP and MQTT ports in param).
class Discovery {
public:
    explicit Discovery(Services& services, std::uint16_t httpPort) : s_(services), httpPort_(httpPort) {}
    ~Discovery() { stop(); }

    std::uint16_t start();  // the bound port; throws Poco::Exception when it cannot bind
    void stop();

    // The answer to one probe (empty: none).
    std::string answer(const std::string& probe, const std::string& localAddress);

private:
    void run();

    Services& s_;
    const std::uint16_t httpPort_;
    Poco::Net::DatagramSocket socket_;
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace passway::zjchilink
