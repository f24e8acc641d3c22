#include "admin/json/SecretScrubber.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>

namespace passway::admin {

namespace {

const char* const kMask = "***";

} // namespace

bool SecretScrubber::isSecretKey(const std::string& key) {
    std::string k = Poco::toLower(key);
    Poco::removeInPlace(k, '_');
    Poco::removeInPlace(k, '-');
    for (const char* word : {"password", "passwd", "pwd", "secret", "token", "apikey", "privatekey"}) {
        if (k.find(word) != std::string::npos) return true;
    }
    return false;
}

Poco::Dynamic::Var SecretScrubber::scrub(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        const auto in = value.extract<Poco::JSON::Object::Ptr>();
        if (!in) return value;
        Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        const bool passwordCredential = in->has("kind") && in->get("kind").isString() &&
                                        Poco::toLower(in->get("kind").extract<std::string>()) == "password";
        for (const auto& [key, item] : *in) {
            if (isSecretKey(key) || (passwordCredential && key == "value")) {
                out->set(key, std::string(kMask));
            } else {
                out->set(key, scrub(item));
            }
        }
        return out;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto in = value.extract<Poco::JSON::Array::Ptr>();
        if (!in) return value;
        Poco::JSON::Array::Ptr out = new Poco::JSON::Array();
        for (const auto& item : *in) out->add(scrub(item));
        return out;
    }
    return value;
}

} // namespace passway::admin
