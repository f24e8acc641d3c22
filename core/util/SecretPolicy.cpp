#include "util/SecretPolicy.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway {

bool isSecretName(const std::string& name) {
    std::string k = Poco::toLower(name);
    Poco::removeInPlace(k, '_');
    Poco::removeInPlace(k, '-');
    if (Poco::endsWith(k, std::string("ttl"))) return false;
    for (const char* word : {"password", "passwd", "pwd", "secret", "token", "passphrase", "authorization", "cookie",
                             "signature"}) {
        if (k.find(word) != std::string::npos) return true;
    }
    return Poco::endsWith(k, std::string("key"));
}

bool isSecretConfigKey(const std::string& key) {
    Poco::StringTokenizer segments(key, ".", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    // A setting that names credentials holds them; in JSON, "credentials" is
    // a person's list of cards and passwords, scrubbed item by item instead.
    return std::any_of(segments.begin(), segments.end(), [](const std::string& segment) {
        return isSecretName(segment) || Poco::toLower(segment).find("credential") != std::string::npos;
    });
}

Poco::Dynamic::Var scrubSecrets(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        const auto in = value.extract<Poco::JSON::Object::Ptr>();
        if (!in) return value;
        Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        const bool passwordCredential = in->has("kind") && in->get("kind").isString() &&
                                        Poco::toLower(in->get("kind").extract<std::string>()) == "password";
        for (const auto& [key, item] : *in) {
            if (isSecretName(key) || (passwordCredential && key == "value")) {
                out->set(key, std::string(kSecretMask));
            } else {
                out->set(key, scrubSecrets(item));
            }
        }
        return out;
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto in = value.extract<Poco::JSON::Array::Ptr>();
        if (!in) return value;
        Poco::JSON::Array::Ptr out = new Poco::JSON::Array();
        for (const auto& item : *in) out->add(scrubSecrets(item));
        return out;
    }
    return value;
}

} // namespace passway
