#pragma once

#include "passway/net/HttpResponse.h"

#include <Poco/JSON/Object.h>

#include <string>

namespace passway::attlog {

// Why a request was refused: the HTTP status and the message of the
// protocol's error shape {"state":"ERROR","SN":...,"message":...}.
class ProtocolError : public std::runtime_error {
public:
    ProtocolError(int httpStatus, const std::string& message) : std::runtime_error(message), status_(httpStatus) {}
    int httpStatus() const { return status_; }

private:
    int status_;
};

// The answers the plugin sends: strict JSON, UTF-8, keys in the document's order.
struct Answer {
    // {"state":"OK","SN":sn}
    static net::HttpResponse ok(const std::string& serial);
    // {"state":"ERROR","SN":sn,"message":message}
    static net::HttpResponse error(int httpStatus, const std::string& serial, const std::string& message);
    // Any object as the answer body.
    static net::HttpResponse json(const Poco::JSON::Object::Ptr& body);
};

}  // namespace passway::attlog
