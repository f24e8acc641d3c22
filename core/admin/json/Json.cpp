#include "admin/json/Json.h"

#include "admin/http/ApiError.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace passway::admin::json {

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Array::Ptr array() { return new Poco::JSON::Array(); }

std::string stringify(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
    if (body.empty()) throw ApiError::badRequest("the request needs a JSON object body");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(body);
    } catch (const Poco::Exception& e) {
        throw ApiError(400, "bad_json", "the body is not valid JSON: " + e.message());
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw ApiError(400, "bad_json", "the body must be a JSON object");
    }
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

Poco::Dynamic::Var embed(const std::string& storedText) {
    if (storedText.empty()) return object();
    try {
        Poco::JSON::Parser parser;
        return parser.parse(storedText);
    } catch (const Poco::Exception&) {
        return storedText;
    }
}

} // namespace passway::admin::json
