#pragma once

#include "passway/model/Device.h"
#include "passway/net/HttpRequest.h"
#include "service/Services.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace passway::attlog {

// One request of a bridge, once its token and SN are checked: the bridge,
// the device (registered at first sight, under the site's activation
// policy) and the parsed body.
struct BridgeRequest {
    std::string bridge;
    std::string serial;
    Device device;
    Poco::JSON::Object::Ptr body;

    // Checks in this order, each refusal a ProtocolError: the token names a
    // bridge (401; nothing is created), the SN is well-formed (400), the SN
    // is this bridge's (403, alarm), the device is active (403). `serial`
    // is where the request carries it (top level, or log_data.SN).
    static BridgeRequest admit(Services& services, const net::HttpRequest& request, Poco::JSON::Object::Ptr body,
                               const std::string& serial);
};

}  // namespace passway::attlog
