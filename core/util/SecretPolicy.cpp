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

std::string maskUrlSecrets(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    const auto authorityStart = scheme + 3;
    const auto authorityEnd = std::min(url.find_first_of("/?#", authorityStart), url.size());
    std::string out = url.substr(0, authorityStart);
    const std::string authority = url.substr(authorityStart, authorityEnd - authorityStart);
    const auto at = authority.rfind('@');
    if (at != std::string::npos) {
        const std::string userinfo = authority.substr(0, at);
        const auto colon = userinfo.find(':');
        out += (colon == std::string::npos ? std::string(kSecretMask) : userinfo.substr(0, colon + 1) + kSecretMask);
        out += authority.substr(at);
    } else {
        out += authority;
    }
    const auto query = url.find('?', authorityEnd);
    if (query == std::string::npos) return out + url.substr(authorityEnd);
    out += url.substr(authorityEnd, query + 1 - authorityEnd);
    const auto fragment = std::min(url.find('#', query), url.size());
    const std::string params = url.substr(query + 1, fragment - query - 1);
    std::size_t start = 0;
    while (start <= params.size()) {
        const auto end = std::min(params.find('&', start), params.size());
        const std::string param = params.substr(start, end - start);
        const auto eq = param.find('=');
        if (eq != std::string::npos && isSecretName(param.substr(0, eq))) {
            out += param.substr(0, eq + 1) + kSecretMask;
        } else {
            out += param;
        }
        if (end < params.size()) out += '&';
        start = end + 1;
    }
    return out + url.substr(fragment);
}

} // namespace passway
