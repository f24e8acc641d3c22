#include "wire/Answer.h"

#include "passway/JsonText.h"

namespace passway::attlog {

net::HttpResponse Answer::json(const Poco::JSON::Object::Ptr& body) {
    return net::HttpResponse::text(200, passway::json::text(body), "application/json; charset=utf-8");
}

net::HttpResponse Answer::ok(const std::string& serial) {
    auto body = passway::json::ordered();
    body->set("state", "OK");
    body->set("SN", serial);
    return json(body);
}

net::HttpResponse Answer::error(int httpStatus, const std::string& serial, const std::string& message) {
    auto body = passway::json::ordered();
    body->set("state", "ERROR");
    body->set("SN", serial);
    body->set("message", message);
    auto response = json(body);
    response.status = httpStatus;
    return response;
}

}  // namespace passway::attlog
