#include "admin/resources/PluginResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/SettingJson.h"
#include "admin/resources/SettingWrites.h"
#include "plugin/ListenerAddress.h"
#include "passway/PluginApi.h"
#include "plugin/PluginManager.h"
#include "settings/RuntimeSettings.h"
#include "store/Store.h"

#include <Poco/Logger.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace passway::admin {

namespace {

constexpr const char* kEnabledKey = "plugins.enabled";

std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

Poco::Logger& log() { return Poco::Logger::get("plugin"); }

} // namespace

void PluginResource::install(Router& router) {
    const std::string base = "/api/v1/plugins";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("POST", base + "/{id}/enable", Role::Admin, {"plugin.enable", "plugin:{id}"},
                 [this](RequestContext& c) { return enable(c); });
    router.write("POST", base + "/{id}/disable", Role::Admin, {"plugin.disable", "plugin:{id}"},
                 [this](RequestContext& c) { return disable(c); });
    router.write("POST", base + "/{id}/restart", Role::Admin, {"plugin.restart", "plugin:{id}"},
                 [this](RequestContext& c) { return restart(c); });
    router.write("PUT", base + "/{id}/settings", Role::Admin, {"plugin.settings", "plugin:{id}"},
                 [this](RequestContext& c) { return putSettings(c); });
}

std::vector<std::string> PluginResource::enabledIds() const {
    std::vector<std::string> ids;
    Poco::StringTokenizer tokens(services_.options.runtimeSettings->value(kEnabledKey), ",; ",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& id : tokens) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

void PluginResource::setEnabledIds(const std::vector<std::string>& ids, const std::string& user) {
    auto& settings = *services_.options.runtimeSettings;
    if (settings.source(kEnabledKey) == "set")
        throw ApiError::conflict("plugins.enabled is set on the command line (--set), which outranks the page");
    settings.put(kEnabledKey, join(ids), user);
}

PluginStatus PluginResource::find(const std::string& id) const {
    const auto& o = services_.options;
    for (auto& s : o.plugins->discover(o.pluginDir, enabledIds())) {
        if (s.id == id) return s;
    }
    throw ApiError::notFound("no plugin " + id + " in " + o.pluginDir);
}

Poco::JSON::Object::Ptr PluginResource::toJson(const PluginStatus& s) const {
    auto o = json::object();
    o->set("id", s.id);
    o->set("version", s.version);
    o->set("description", s.description);
    o->set("apiVersion", s.apiVersion);
    o->set("state", s.state);
    o->set("reason", s.error);
    o->set("enabled", s.enabled);
    o->set("requests", s.requests);
    o->set("errors", s.errors);

    PluginDeclarations declarations;
    try {
        declarations = parsePluginDeclarations(s.declarations);
    } catch (const std::exception& e) {
        o->set("declarationsError", std::string(e.what()));
    }
    auto listeners = json::array();
    for (const auto& description : s.listeners) {
        const auto l = ListenerAddress::parse(description);
        auto item = json::object();
        item->set("protocol", l.protocol);
        item->set("address", l.address);
        item->set("port", l.port);
        item->set("tls", l.tls);
        item->set("connect", connectHint(declarations.connect, l));
        listeners->add(item);
    }
    o->set("listeners", listeners);

    std::int64_t devices = 0, online = 0;
    for (const auto& d : services_.store.devices().list()) {
        if (d.protocol != s.id) continue;
        ++devices;
        online += d.online ? 1 : 0;
    }
    o->set("devices", devices);
    o->set("devicesOnline", online);

    auto settings = json::array();
    const auto& runtime = *services_.options.runtimeSettings;
    for (const auto& d : declarations.settings) {
        if (d.key.find('<') != std::string::npos) {
            settings->add(json::declaration(d));  // a family: the form adds one key per name
        } else {
            settings->add(json::setting(d, "plugin." + s.id + "." + d.key, runtime));
        }
    }
    o->set("settings", settings);
    auto commands = json::array();
    for (const auto& c : declarations.commands) commands->add(json::command(c));
    o->set("commands", commands);
    return o;
}

Reply PluginResource::list(RequestContext&) {
    const auto& o = services_.options;
    auto items = json::array();
    for (const auto& s : o.plugins->discover(o.pluginDir, enabledIds())) items->add(toJson(s));
    auto body = json::object();
    body->set("items", items);
    body->set("directory", o.pluginDir);
    body->set("enabledSource", o.runtimeSettings->source(kEnabledKey));
    body->set("hostApiVersion", PASSWAY_HOST_API_VERSION);
    return Reply::json(body);
}

Reply PluginResource::get(RequestContext& ctx) { return Reply::json(toJson(find(ctx.param("id")))); }

Reply PluginResource::enable(RequestContext& ctx) {
    const std::string id = find(ctx.param("id")).id;
    auto ids = enabledIds();
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    setEnabledIds(ids, ctx.user()->username);
    log().information("plugin " + id + " enabled on the admin page by " + ctx.user()->username);
    services_.options.plugins->load(services_.options.pluginDir, id);  // failures show in its state
    return Reply::json(toJson(find(id)));
}

Reply PluginResource::disable(RequestContext& ctx) {
    const std::string id = find(ctx.param("id")).id;
    auto ids = enabledIds();
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    setEnabledIds(ids, ctx.user()->username);
    log().information("plugin " + id + " disabled on the admin page by " + ctx.user()->username);
    services_.options.plugins->unload(id);
    return Reply::json(toJson(find(id)));
}

Reply PluginResource::restart(RequestContext& ctx) {
    const PluginStatus s = find(ctx.param("id"));
    if (!s.enabled) throw ApiError::conflict("plugin " + s.id + " is not enabled");
    services_.options.plugins->restart(services_.options.pluginDir, s.id);
    return Reply::json(toJson(find(s.id)));
}

Reply PluginResource::putSettings(RequestContext& ctx) {
    const PluginStatus s = find(ctx.param("id"));
    PluginDeclarations declarations;
    try {
        declarations = parsePluginDeclarations(s.declarations);
    } catch (const std::exception& e) {
        throw ApiError::conflict("plugin " + s.id + " declares no usable settings: " + e.what());
    }
    const auto body = ctx.jsonBody();
    const auto changed = writeSettings(*services_.options.runtimeSettings, declarations.settings,
                                       "plugin." + s.id + ".", body ? body->getObject("values") : nullptr,
                                       ctx.user()->username);
    // Applied by restarting this plugin alone; one not running takes them at its next start.
    if (!changed.empty() && s.state == "running") services_.options.plugins->restart(services_.options.pluginDir, s.id);
    auto reply = toJson(find(s.id));
    auto keys = json::array();
    for (const auto& k : changed) keys->add(k);
    reply->set("changed", keys);
    return Reply::json(reply);
}

} // namespace passway::admin
