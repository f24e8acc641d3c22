#include "wire/Reply.h"

#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <sstream>

namespace passway::zjchilink {

Reply::Reply(int code, Poco::Dynamic::Var message, std::string description)
    : status(code), msg(std::move(message)), desc(std::move(description)) {
    const StatusCode& known = statusOf(code);  // throws for a code the document does not use
    if (desc.empty()) desc = known.meaning;
    if (msg.isEmpty()) msg = passway::json::ordered();
}

std::string Reply::json() const {
    auto body = passway::json::ordered();
    body->set("msg", msg);
    body->set("status", status);
    body->set("desc", desc);
    return passway::json::text(body);
}

net::HttpResponse Reply::http() const {
    if (raw) return *raw;
    return net::HttpResponse::text(statusOf(status).http, json(), "application/json; charset=utf-8");
}

Poco::JSON::Object::Ptr dataMsg(const Poco::Dynamic::Var& data) {
    auto msg = passway::json::ordered();
    msg->set("data", data);
    return msg;
}

}  // namespace passway::zjchilink
