#pragma once

#include "plugin/HostServices.h"
#include "plugin/PluginProbeCache.h"
#include "plugin/PluginStatus.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway {

// Loads, starts, stops and unloads the protocol plugins. Only ids named by the
// caller (plugins.enabled) are loaded; a plugin that is refused or fails is
// logged and recorded in status(), never thrown, so the host keeps running
// with the others. Safe to call from any thread.
class PluginManager {
public:
    explicit PluginManager(HostServices services);
    ~PluginManager();  // unloads all
    PluginManager(const PluginManager&) = delete;
    PluginManager& operator=(const PluginManager&) = delete;

    // Loads each id from `directory` in order; duplicates and empty ids are skipped.
    void loadEnabled(const std::string& directory, const std::vector<std::string>& ids);
    // Loads <directory>/passway_<id>.so and starts it. Returns true when the
    // plugin runs (also when it already did).
    bool load(const std::string& directory, const std::string& id);
    // Unload order: the plugin's registrations are removed (listeners wait for
    // requests in flight), then stop, destroy, and the library is unloaded.
    // Returns false when no plugin of that id was running.
    bool unload(const std::string& id);
    // Unloads in reverse load order.
    void unloadAll();

    // Stops the plugin when it runs and starts it again from `directory`
    // with the configuration as it is now (a changed plugin.<id>.* setting).
    // Returns true when it runs afterwards.
    bool restart(const std::string& directory, const std::string& id);

    // Every plugin asked for, in the order first asked, with its state.
    std::vector<PluginStatus> status() const;
    // Every plugin of `directory` and every plugin asked for, by id: those
    // never asked for are probed (PluginDiscovery.h), state "stopped" or
    // "refused". `enabled` marks the ids plugins.enabled names.
    // A library's declarations are read once per file (PluginProbeCache).
    std::vector<PluginStatus> discover(const std::string& directory, const std::vector<std::string>& enabled) const;
    // What plugin `id` declares (JSON text, passway/PluginDeclarations.h;
    // empty: nothing, or no such plugin): the running library's, else the
    // file's as last probed.
    std::string declarations(const std::string& directory, const std::string& id) const;
    const PluginProbeCache& probeCache() const { return probeCache_; }
    std::size_t running() const { return running_.load(); }

private:
    struct Loaded;

    Loaded& entryFor(const std::string& id);  // with mutex_ held
    bool loadLocked(const std::string& directory, const std::string& id);
    void unloadLocked(Loaded& plugin);
    void recordFailure(Loaded& plugin, const std::string& state, const std::string& error);

    HostServices services_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Loaded>> plugins_;
    std::atomic<std::size_t> running_{0};
    mutable PluginProbeCache probeCache_;
};

} // namespace passway
