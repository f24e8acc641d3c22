#pragma once

#include "passway/net/HttpResponse.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace passway::zjchilink {

// One answer in the document's shape: {"msg": ..., "status": <code>,
// "desc": ...}. `status` is always one of wire/StatusCodes.h (constructing
// a Reply with another code throws std::out_of_range: a bug, answered 500000).
struct Reply {
    int status = 0;
    Poco::Dynamic::Var msg;   // object, array or empty object
    std::string desc;         // the table's meaning unless a handler says more
    // An answer that is not JSON (1.10 returns the image itself); http() sends it as is.
    std::shared_ptr<net::HttpResponse> raw;

    Reply(int status, Poco::Dynamic::Var msg = {}, std::string desc = {});

    // {"msg": ..., "status": ..., "desc": ...} as text.
    std::string json() const;
    // With the HTTP status the table gives the code.
    net::HttpResponse http() const;
};

// A refusal in the document's shape: thrown by handlers, answered as Reply(code, {}, detail).
class ApiError : public std::runtime_error {
public:
    ApiError(int code, const std::string& detail) : std::runtime_error(detail), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

// msg = {"data": data} (and "page" for lists).
Poco::JSON::Object::Ptr dataMsg(const Poco::Dynamic::Var& data);

}  // namespace passway::zjchilink
