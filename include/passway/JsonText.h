#pragma once

// The one JSON text helper of host and plugins: stored JSON (device
// parameters, command results, event payloads) is text, and a broken or
// empty text reads as an empty object rather than failing the caller.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>
#include <string>

namespace passway::json {

// The object `text` holds; an empty object (keys in insertion order) when
// the text is empty, not JSON, or not an object.
inline Poco::JSON::Object::Ptr objectOr(const std::string& text) {
    if (!text.empty()) {
        try {
            Poco::JSON::Parser parser;
            const auto value = parser.parse(text);
            if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
                if (auto object = value.extract<Poco::JSON::Object::Ptr>()) return object;
            }
        } catch (const std::exception&) {
            // Fall through: what cannot be read counts as nothing.
        }
    }
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// The value `text` holds (object, array, scalar); `text` itself as a string
// when it is not JSON (a terminal's plain message as a command result).
inline Poco::Dynamic::Var valueOr(const std::string& text) {
    try {
        return Poco::JSON::Parser().parse(text);
    } catch (const std::exception&) {
        return text;
    }
}

inline Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

inline std::string text(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

inline std::string text(const Poco::JSON::Array::Ptr& array) {
    std::ostringstream out;
    array->stringify(out);
    return out.str();
}

} // namespace passway::json
