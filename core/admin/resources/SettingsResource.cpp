#include "admin/resources/SettingsResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/SecretScrubber.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway::admin {

bool SettingsResource::isSecretSetting(const std::string& key) {
    Poco::StringTokenizer segments(key, ".", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    return std::any_of(segments.begin(), segments.end(), [](const std::string& segment) {
        const std::string lower = Poco::toLower(segment);
        // A lifetime is not a secret, even when it is a token's (auth.token_ttl).
        if (Poco::endsWith(lower, std::string("ttl"))) return false;
        return SecretScrubber::isSecretKey(segment) || lower.find("key") != std::string::npos ||
               lower.find("passphrase") != std::string::npos || lower.find("credential") != std::string::npos;
    });
}

void SettingsResource::install(Router& router) {
    router.get("/api/v1/settings", Role::Admin, [this](RequestContext& c) { return settings(c); });
}

Reply SettingsResource::settings(RequestContext&) {
    auto sorted = services_.options.settings;
    std::sort(sorted.begin(), sorted.end());
    auto items = json::array();
    for (const auto& [key, value] : sorted) {
        const bool secret = isSecretSetting(key);
        auto item = json::object();
        item->set("key", key);
        // An unset secret shows as empty, so the page can tell "not set" from "set, hidden".
        item->set("value", secret && !value.empty() ? std::string("***") : value);
        item->set("secret", secret);
        items->add(item);
    }
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

} // namespace passway::admin
