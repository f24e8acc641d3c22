#include "wire/Reply.h"

#include "passway/JsonText.h"

namespace passway::henan {

net::HttpResponse Reply::make(int success, const std::string& message, const Poco::Dynamic::Var& data) {
    auto body = json::ordered();
    body->set("msg", message);
    body->set("data", data);
    body->set("success", success);
    return net::HttpResponse::text(200, json::text(body), "application/json; charset=utf-8");
}

net::HttpResponse Reply::ok(const std::string& message, const Poco::Dynamic::Var& data) {
    return make(1, message, data);
}

net::HttpResponse Reply::refused(const std::string& message, const Poco::Dynamic::Var& data) {
    return make(0, message, data);
}

}  // namespace passway::henan
