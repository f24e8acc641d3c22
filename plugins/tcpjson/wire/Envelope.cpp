#include "wire/Envelope.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace passway::tcpjson {

namespace {

// Strings or numbers: terminals are not consistent about session ids.
std::string textField(const Poco::JSON::Object& object, const std::string& name) {
    if (!object.has(name) || object.isNull(name)) return {};
    const auto value = object.get(name);
    if (value.isString() || value.isNumeric()) return value.convert<std::string>();
    return {};
}

int intField(const Poco::JSON::Object& object, const std::string& name, int fallback) {
    if (!object.has(name) || object.isNull(name)) return fallback;
    const auto value = object.get(name);
    try {
        if (value.isNumeric()) return value.convert<int>();
        if (value.isString()) return std::stoi(value.extract<std::string>());
    } catch (const std::exception&) {
    }
    return fallback;
}

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

} // namespace

Envelope Envelope::parse(const std::string& text) {
    Poco::JSON::Object::Ptr object;
    try {
        Poco::JSON::Parser parser;
        object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception& e) {
        throw EnvelopeError(EnvelopeError::Kind::Malformed, std::string("malformed JSON: ") + e.what(), "", "");
    }
    if (!object) throw EnvelopeError(EnvelopeError::Kind::NotAnObject, "not a JSON object", "", "");
    Envelope envelope;
    envelope.object = object;
    envelope.mod = textField(*object, "mod");
    envelope.sessionId = textField(*object, "session_id");
    envelope.type = intField(*object, "type", object->has("code") ? 2 : 1);
    envelope.code = intField(*object, "code", 0);
    envelope.message = textField(*object, "message");
    if (envelope.mod.empty()) throw EnvelopeError(EnvelopeError::Kind::MissingField, "no mod", "", envelope.sessionId);
    if (envelope.sessionId.empty()) throw EnvelopeError(EnvelopeError::Kind::MissingField, "no session_id", envelope.mod, "");
    return envelope;
}

std::string Envelope::request(const std::string& mod, const std::string& sessionId,
                              const Poco::JSON::Object::Ptr& fields) {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("mod", mod);
    object.set("session_id", sessionId);
    object.set("type", 1);
    if (fields) {
        for (const auto& name : fields->getNames()) object.set(name, fields->get(name));
    }
    return stringify(object);
}

std::string Envelope::answer(const std::string& mod, const std::string& sessionId, int code,
                             const std::string& message) {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("mod", mod);
    object.set("session_id", sessionId);
    object.set("type", 2);
    object.set("code", code);
    object.set("message", message);
    return stringify(object);
}

} // namespace passway::tcpjson
