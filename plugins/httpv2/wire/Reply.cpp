#include "wire/Reply.h"

#include <sstream>

namespace passway::httpv2 {

Reply::Reply(int success, int httpStatus)
    : success_(success), httpStatus_(httpStatus), body_(new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)) {
    body_->set("Success", success);
}

Reply Reply::ok() { return Reply(1, 200); }

Reply Reply::failure(int success, const std::string& message, int httpStatus) {
    Reply reply(success, httpStatus);
    reply.set("Message", message);
    return reply;
}

Reply Reply::withSuccess(int success) { return Reply(success, 200); }

Reply Reply::fromObject(Poco::JSON::Object::Ptr body) {
    Reply reply(body->optValue<int>("Success", 1), 200);
    reply.body_ = std::move(body);
    return reply;
}

Reply& Reply::set(const std::string& key, const Poco::Dynamic::Var& value) {
    body_->set(key, value);
    return *this;
}

std::string Reply::text() const {
    std::ostringstream out;
    body_->stringify(out);
    return out.str();
}

} // namespace passway::httpv2
