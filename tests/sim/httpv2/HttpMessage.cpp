#include "sim/httpv2/HttpMessage.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

namespace passway::sim::httpv2 {

std::string HttpResponse::header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (Poco::icompare(key, name) == 0) return value;
    }
    return "";
}

Poco::JSON::Object::Ptr HttpResponse::json() const {
    auto parsed = Poco::JSON::Parser().parse(body);
    auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (!object) throw Poco::DataFormatException("the body is not a JSON object");
    return object;
}

int HttpResponse::success(int otherwise) const {
    try {
        const auto object = json();
        if (!object->has("Success")) return otherwise;
        return object->get("Success").convert<int>();
    } catch (const std::exception&) {  // Poco::Exception is one too
        return otherwise;
    }
}

std::string HttpResponse::message() const {
    try {
        return json()->optValue<std::string>("Message", "");
    } catch (const std::exception&) {
        return "";
    }
}

}  // namespace passway::sim::httpv2
