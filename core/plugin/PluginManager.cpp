#include "plugin/PluginManager.h"

#include "plugin/HostPluginContext.h"
#include "plugin/PluginCounters.h"
#include "plugin/PluginDiscovery.h"
#include "plugin/PluginLibrary.h"
#include "plugin/PluginRefused.h"
#include "util/Metrics.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <algorithm>
#include <map>
#include <set>

namespace passway {

namespace {

Poco::Logger& pluginLog() { return Poco::Logger::get("plugin"); }

constexpr const char* kRunningGauge = "passway_plugins_running";
constexpr const char* kLoadsCounter = "passway_plugin_loads_total";

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out;
}

} // namespace

// A plugin the manager was asked for. While running, it owns the library, the
// plugin object made by it and the context the plugin was started with; the
// members are declared so that destruction runs in the safe order too
// (context before library).
struct PluginManager::Loaded {
    PluginStatus status;
    std::unique_ptr<PluginLibrary> library;
    std::unique_ptr<HostPluginContext> context;
    void* instance = nullptr;
};

PluginManager::PluginManager(HostServices services) : services_(std::move(services)) {
    // Reads an atomic only: the metrics lock is held while gauges are read,
    // so this must never wait for the manager's own lock.
    services_.metrics.gauge(kRunningGauge, "Protocol plugins running", [this] { return double(running_.load()); });
}

PluginManager::~PluginManager() {
    unloadAll();
    services_.metrics.removeGauge(kRunningGauge);
}

void PluginManager::loadEnabled(const std::string& directory, const std::vector<std::string>& ids) {
    std::set<std::string> seen;
    std::size_t ok = 0, asked = 0;
    for (const auto& id : ids) {
        if (id.empty() || !seen.insert(id).second) continue;
        ++asked;
        if (load(directory, id)) ++ok;
    }
    if (asked == 0) {
        pluginLog().information("no plugins enabled (plugins.enabled is empty)");
    } else {
        pluginLog().information(std::to_string(ok) + " of " + std::to_string(asked) + " enabled plugins running");
    }
}

bool PluginManager::load(const std::string& directory, const std::string& id) {
    std::lock_guard lock(mutex_);
    return loadLocked(directory, id);
}

PluginManager::Loaded& PluginManager::entryFor(const std::string& id) {
    for (auto& plugin : plugins_) {
        if (plugin->status.id == id) return *plugin;
    }
    plugins_.push_back(std::make_unique<Loaded>());
    plugins_.back()->status.id = id;
    return *plugins_.back();
}

void PluginManager::recordFailure(Loaded& plugin, const std::string& state, const std::string& error) {
    plugin.status.state = state;
    plugin.status.error = error;
    plugin.status.ports.clear();
    services_.metrics.counter(kLoadsCounter, "Plugin load attempts by result", "result=\"" + state + "\"")++;
    pluginLog().error("plugin " + plugin.status.id + " " + state + ": " + error);
}

bool PluginManager::loadLocked(const std::string& directory, const std::string& id) {
    Loaded& plugin = entryFor(id);
    if (plugin.status.state == "running") {
        pluginLog().warning("plugin " + id + " is already running; not loaded again");
        return true;
    }
    plugin.status = PluginStatus{};
    plugin.status.id = id;

    if (!PluginLibrary::isValidId(id)) {
        recordFailure(plugin, "refused", "invalid plugin id '" + id + "': ids are [a-z0-9_]+");
        return false;
    }
    Poco::Path path(directory.empty() ? std::string(".") : directory);
    path.makeDirectory().setFileName(PluginLibrary::fileName(id));
    plugin.status.file = path.toString();
    if (!Poco::File(path).exists()) {
        recordFailure(plugin, "failed", "no plugin library " + plugin.status.file);
        return false;
    }

    try {
        plugin.library = std::make_unique<PluginLibrary>(plugin.status.file, id);
    } catch (const PluginRefused& e) {
        recordFailure(plugin, "refused", e.what());
        return false;
    } catch (const std::exception& e) {
        recordFailure(plugin, "failed", e.what());
        return false;
    }
    plugin.status.version = plugin.library->version();
    plugin.status.description = plugin.library->description();

    try {
        plugin.context = std::make_unique<HostPluginContext>(id, services_);
        plugin.instance = plugin.library->create();
        plugin.library->start(plugin.instance, *plugin.context);
    } catch (const std::exception& e) {
        // Whatever start() registered before it threw goes first; the object
        // was never started, so it is destroyed without stop().
        if (plugin.context) plugin.context->removeAll();
        if (plugin.instance) plugin.library->destroy(plugin.instance);
        plugin.instance = nullptr;
        plugin.context.reset();
        plugin.library.reset();
        recordFailure(plugin, "failed", std::string("start: ") + e.what());
        return false;
    }

    plugin.status.state = "running";
    plugin.status.apiVersion = PASSWAY_HOST_API_VERSION;
    plugin.status.declarations = plugin.library->declarations();
    plugin.status.ports = plugin.context->ports();
    ++running_;
    services_.metrics.counter(kLoadsCounter, "Plugin load attempts by result", "result=\"running\"")++;
    const auto listeners = plugin.context->listenerDescriptions();
    pluginLog().information("plugin " + id + " " + plugin.status.version + " loaded from " + plugin.status.file +
                      (listeners.empty() ? ", no listeners" : ", listening on " + join(listeners)));
    return true;
}

bool PluginManager::unload(const std::string& id) {
    std::lock_guard lock(mutex_);
    for (auto& plugin : plugins_) {
        if (plugin->status.id == id && plugin->status.state == "running") {
            unloadLocked(*plugin);
            return true;
        }
    }
    return false;
}

void PluginManager::unloadAll() {
    std::lock_guard lock(mutex_);
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
        if ((*it)->status.state == "running") unloadLocked(**it);
    }
}

void PluginManager::unloadLocked(Loaded& plugin) {
    const std::string& id = plugin.status.id;
    pluginLog().information("plugin " + id + " stopping");
    try {
        plugin.context->removeAll(services_.stopGrace);
    } catch (const std::exception& e) {
        // Logged and carried on: leaving the plugin half-stopped is worse.
        pluginLog().error("plugin " + id + ": removing its registrations: " + e.what());
    }
    plugin.library->stop(plugin.instance);
    plugin.library->destroy(plugin.instance);
    plugin.instance = nullptr;
    plugin.context.reset();
    plugin.library.reset();  // the library is unloaded last: none of its code can run any more
    plugin.status.state = "stopped";
    plugin.status.ports.clear();
    --running_;
    pluginLog().information("plugin " + id + " stopped and unloaded");
}

std::vector<PluginStatus> PluginManager::status() const {
    std::lock_guard lock(mutex_);
    std::vector<PluginStatus> out;
    out.reserve(plugins_.size());
    for (const auto& plugin : plugins_) {
        out.push_back(plugin->status);
        // A plugin may open a listener after start (e.g. on a command); show what is bound now.
        if (plugin->context && plugin->status.state == "running") {
            out.back().ports = plugin->context->ports();
            out.back().listeners = plugin->context->listenerDescriptions();
            // A plugin with a socket server of its own (tcpjson) has no host
            // listener: its configured port stands for it.
            const std::string key = "plugin." + plugin->status.id + ".port";
            if (out.back().listeners.empty() && services_.config.has(key)) {
                out.back().listeners.push_back("tcp " + services_.config.getString("plugin." + plugin->status.id + ".address", "0.0.0.0") +
                                               ":" + services_.config.getString(key));
            }
        }
    }
    return out;
}

bool PluginManager::restart(const std::string& directory, const std::string& id) {
    std::lock_guard lock(mutex_);
    for (auto& plugin : plugins_) {
        if (plugin->status.id == id && plugin->status.state == "running") unloadLocked(*plugin);
    }
    pluginLog().information("plugin " + id + " restarting");
    return loadLocked(directory, id);
}

std::vector<PluginStatus> PluginManager::discover(const std::string& directory,
                                                  const std::vector<std::string>& enabled) const {
    std::map<std::string, PluginStatus> byId;
    for (auto& s : status()) byId[s.id] = std::move(s);
    for (const auto& id : pluginIdsIn(directory)) {
        auto known = byId.find(id);
        // A plugin stopped here keeps what its last run knew; one never
        // asked for, or refused without reading, is looked at now.
        if (known == byId.end() || known->second.version.empty()) byId[id] = probeCache_.probe(directory, id);
    }
    std::vector<PluginStatus> out;
    for (auto& [id, s] : byId) {
        s.enabled = std::find(enabled.begin(), enabled.end(), id) != enabled.end();
        const PluginCounters counters = PluginCounters::of(services_.metrics, id);
        s.requests = counters.requests->load();
        s.errors = counters.errors->load();
        out.push_back(std::move(s));
    }
    return out;
}

std::string PluginManager::declarations(const std::string& directory, const std::string& id) const {
    for (const auto& s : status()) {
        if (s.id == id && !s.version.empty()) return s.declarations;
    }
    if (!PluginLibrary::isValidId(id)) return {};
    return probeCache_.probe(directory, id).declarations;
}

} // namespace passway
