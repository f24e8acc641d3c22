#include "admin/resources/SettingsResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "util/SecretPolicy.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway::admin {

bool SettingsResource::isSecretSetting(const std::string& key) { return isSecretConfigKey(key); }

// A setting whose name is harmless may still hold secrets inside: a JSON
// object of headers (sms.headers: {"X-Api-Key": ...}) or a URL with
// credentials (sms.url). Their secret parts are masked, the rest shown.
std::string SettingsResource::maskInside(const std::string& value) {
    const auto first = value.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && value[first] == '{') {
        try {
            return json::stringify(scrubSecrets(Poco::JSON::Parser().parse(value)));
        } catch (const Poco::Exception&) {
            return kSecretMask;  // JSON-like but unreadable: show nothing of it rather than all of it
        }
    }
    return value.find("://") == std::string::npos ? value : maskUrlSecrets(value);
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
        item->set("value", secret ? (value.empty() ? value : std::string(kSecretMask)) : maskInside(value));
        item->set("secret", secret);
        items->add(item);
    }
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

} // namespace passway::admin
