#include "plugin/ListenerAddress.h"

#include <Poco/Net/NetworkInterface.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace passway {

ListenerAddress ListenerAddress::parse(const std::string& description) {
    ListenerAddress l;
    const auto space = description.find(' ');
    const auto colon = description.rfind(':');
    if (space == std::string::npos || colon == std::string::npos || colon < space) return l;
    l.protocol = description.substr(0, space);
    l.address = description.substr(space + 1, colon - space - 1);
    if (l.address.size() > 1 && l.address.front() == '[') l.address = l.address.substr(1, l.address.size() - 2);
    unsigned port = 0;
    if (Poco::NumberParser::tryParseUnsigned(description.substr(colon + 1), port) && port <= 65535)
        l.port = static_cast<std::uint16_t>(port);
    l.tls = l.protocol == "https" || l.protocol.find("tls") != std::string::npos;
    return l;
}

std::string reachableHost(const std::string& address) {
    if (!address.empty() && address != "0.0.0.0" && address != "::") return address;
    try {
        for (const auto& nic : Poco::Net::NetworkInterface::list(true, true)) {
            if (nic.isLoopback() || !nic.supportsIPv4()) continue;
            try {
                const auto ip = nic.firstAddress(Poco::Net::IPAddress::IPv4);
                if (!ip.isLoopback() && !ip.isWildcard()) return ip.toString();
            } catch (const Poco::Exception&) {
                // This interface has no IPv4 address; the next may.
            }
        }
    } catch (const Poco::Exception&) {
        // No interface information (a container without one): loopback below.
    }
    return "127.0.0.1";
}

std::string connectHint(const std::string& pattern, const ListenerAddress& listener) {
    const std::string scheme = listener.protocol == "https" ? "https"
                               : listener.protocol == "http" ? "http"
                                                             : listener.protocol;
    std::string text = pattern.empty() ? "{scheme}://{host}:{port}" : pattern;
    Poco::replaceInPlace(text, std::string("{scheme}"), scheme);
    Poco::replaceInPlace(text, std::string("{host}"), reachableHost(listener.address));
    Poco::replaceInPlace(text, std::string("{port}"), std::to_string(listener.port));
    return text;
}

} // namespace passway
