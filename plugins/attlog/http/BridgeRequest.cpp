#include "http/BridgeRequest.h"

#include "mapping/ZkFields.h"
#include "passway/Clock.h"
#include "wire/Answer.h"

#include <Poco/Logger.h>

namespace passway::attlog {

BridgeRequest BridgeRequest::admit(Services& services, const net::HttpRequest& request, Poco::JSON::Object::Ptr body,
                                   const std::string& serial) {
    const std::string token = zkText(*body, "token").value_or("");
    BridgeRequest r;
    r.bridge = services.auth.bridgeOf(token);
    if (r.bridge.empty()) {
        services.context.logger().warning("request to " + request.path() + " from " + request.peerAddress +
                                          " refused: unknown token " + BridgeAuth::masked(token));
        throw ProtocolError(401, "unknown token");
    }
    if (!std::regex_match(serial, services.config.serialPattern)) {
        throw ProtocolError(400, "SN is missing or does not match the server's pattern");
    }
    r.serial = serial;
    r.body = std::move(body);
    r.device = services.context.devices().obtain(serial);
    services.auth.admit(r.bridge, r.device.id, serial);
    services.contacts.heard(r.device.id, serial, request.peerAddress, nowMillis());
    if (r.device.state == DeviceState::Pending) {
        throw ProtocolError(403, "device " + serial + " is waiting for activation on the server");
    }
    if (r.device.state == DeviceState::Disabled) throw ProtocolError(403, "device " + serial + " is disabled");
    return r;
}

}  // namespace passway::attlog
