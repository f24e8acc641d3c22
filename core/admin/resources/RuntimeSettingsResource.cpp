#include "admin/resources/RuntimeSettingsResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/SettingJson.h"
#include "admin/resources/SettingWrites.h"
#include "script/ScriptHost.h"
#include "settings/RuntimeSettings.h"
#include "settings/ScriptSettingDeclarations.h"

namespace passway::admin {

namespace {

Poco::JSON::Array::Ptr keysJson(const std::vector<std::string>& keys) {
    auto a = json::array();
    for (const auto& k : keys) a->add(k);
    return a;
}

Poco::JSON::Object::Ptr hostSettingsJson(const RuntimeSettings& runtime) {
    auto items = json::array();
    for (const auto& d : RuntimeSettings::hostSettings()) items->add(json::setting(d, d.key, runtime));
    auto body = json::object();
    body->set("items", items);
    return body;
}

// The script's declared settings with their values; nullptr for an unknown script.
Poco::JSON::Object::Ptr scriptSettingsJson(ScriptHost& scripts, const RuntimeSettings& runtime, const std::string& name) {
    const auto source = ScriptHost::validName(name) ? scripts.source(name) : std::nullopt;
    if (!source) throw ApiError::notFound("no such script: " + name);
    std::vector<std::string> problems;
    const auto declarations = scriptSettingDeclarations(*source, &problems);
    auto items = json::array();
    for (const auto& d : declarations) items->add(json::setting(d, "script." + name + "." + d.key, runtime));
    auto body = json::object();
    body->set("name", name);
    body->set("items", items);
    body->set("problems", keysJson(problems));
    return body;
}

} // namespace

void RuntimeSettingsResource::install(Router& router) {
    router.get("/api/v1/settings/runtime", Role::Admin, [this](RequestContext& c) { return hostSettings(c); });
    router.write("PUT", "/api/v1/settings/runtime", Role::Admin, {"settings.change", "settings"},
                 [this](RequestContext& c) { return putHostSettings(c); });
    if (!services_.scripts) return;
    router.get("/api/v1/scripts/{name}/settings", Role::Admin, [this](RequestContext& c) { return scriptSettings(c); });
    router.write("PUT", "/api/v1/scripts/{name}/settings", Role::Admin, {"script.settings", "script:{name}"},
                 [this](RequestContext& c) { return putScriptSettings(c); });
}

Reply RuntimeSettingsResource::hostSettings(RequestContext&) {
    return Reply::json(hostSettingsJson(*services_.options.runtimeSettings));
}

Reply RuntimeSettingsResource::putHostSettings(RequestContext& ctx) {
    const auto body = ctx.jsonBody();
    const auto& declarations = RuntimeSettings::hostSettings();
    const auto changed = writeSettings(*services_.options.runtimeSettings, declarations, "",
                                       body ? body->getObject("values") : nullptr, ctx.user()->username);
    bool restartNeeded = false;
    for (const auto& key : changed) {
        const auto* d = findDeclaration(declarations, key);
        restartNeeded = restartNeeded || (d && d->apply == "restart");
    }
    auto out = hostSettingsJson(*services_.options.runtimeSettings);
    out->set("changed", keysJson(changed));
    out->set("restartNeeded", restartNeeded);
    return Reply::json(out);
}

Reply RuntimeSettingsResource::scriptSettings(RequestContext& ctx) {
    return Reply::json(scriptSettingsJson(*services_.scripts, *services_.options.runtimeSettings, ctx.param("name")));
}

Reply RuntimeSettingsResource::putScriptSettings(RequestContext& ctx) {
    const std::string& name = ctx.param("name");
    const auto source = ScriptHost::validName(name) ? services_.scripts->source(name) : std::nullopt;
    if (!source) throw ApiError::notFound("no such script: " + name);
    const auto body = ctx.jsonBody();
    const auto changed = writeSettings(*services_.options.runtimeSettings, scriptSettingDeclarations(*source),
                                       "script." + name + ".", body ? body->getObject("values") : nullptr,
                                       ctx.user()->username);
    // The script reads its settings when it loads: a fresh instance reads
    // the new ones (a disabled script, when it is enabled); in a cluster the
    // other hosts read them again too.
    if (!changed.empty()) services_.scripts->settingsChanged(name);
    auto reply = scriptSettingsJson(*services_.scripts, *services_.options.runtimeSettings, name);
    reply->set("changed", keysJson(changed));
    return Reply::json(reply);
}

} // namespace passway::admin
