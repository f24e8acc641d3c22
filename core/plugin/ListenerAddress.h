#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// A plugin listener as the admin page and the start banner show it, read
// from its description ("http 0.0.0.0:9001", "tcp+tls [::]:49003").
struct ListenerAddress {
    std::string protocol;   // http | https | tcp | tcp+tls
    std::string address;
    std::uint16_t port = 0;
    bool tls = false;

    static ListenerAddress parse(const std::string& description);
};

// An address terminals on the network can reach this host by: `address`
// itself, or for a wildcard (0.0.0.0, ::) the first non-loopback IPv4
// address of the machine (127.0.0.1 when it has none).
std::string reachableHost(const std::string& address);

// A plugin's "connect" declaration with {scheme}, {host} and {port} filled
// for `listener`; without a declaration, "<scheme>://<host>:<port>".
std::string connectHint(const std::string& pattern, const ListenerAddress& listener);

} // namespace passway
