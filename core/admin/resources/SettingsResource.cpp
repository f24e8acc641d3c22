#include "admin/resources/SettingsResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "util/SecretPolicy.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway::admin {

bool SettingsResource::isSecretSetting(const std::string& key) { return isSecretConfigKey(key); }

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
