#pragma once

#include "passway/PluginApi.h"

#include <Poco/SharedLibrary.h>

#include <string>

namespace passway {

// One plugin shared library, opened and checked. The constructor resolves
// passway_plugin_version first and refuses (PluginRefused) a library built
// for another host API, with another info layout or declaring another id,
// before it looks at anything else the library exports. The destructor
// unloads the library: the caller must have destroyed every plugin object and
// removed every callback into it first.
class PluginLibrary {
public:
    // Throws PluginRefused (not a plugin for this host) or std::runtime_error
    // (the file cannot be opened).
    PluginLibrary(const std::string& path, const std::string& expectedId);
    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    const std::string& path() const { return path_; }
    const std::string& id() const { return id_; }
    const std::string& version() const { return version_; }
    const std::string& description() const { return description_; }
    // The plugin's declarations (JSON text, passway/PluginDeclarations.h); empty: none.
    const std::string& declarations() const { return declarations_; }

    // The entry points; create and start throw std::runtime_error carrying the
    // plugin's own message. stop and destroy never throw.
    void* create();
    void start(void* plugin, PluginContext& context);
    void stop(void* plugin) noexcept;
    void destroy(void* plugin) noexcept;

    // [a-z0-9_]+, at most 64 characters: ids become file names and
    // configuration keys, so nothing else (no '/', no '.') is accepted.
    static bool isValidId(const std::string& id);
    // passway_<id>.so (.dll on Windows, .dylib on macOS).
    static std::string fileName(const std::string& id);

private:
    void* symbol(const char* name);
    void checkVersion(const std::string& expectedId);

    std::string path_;
    std::string id_;
    std::string version_;
    std::string description_;
    std::string declarations_;
    Poco::SharedLibrary library_;
    PasswayPluginCreateFn create_ = nullptr;
    PasswayPluginStartFn start_ = nullptr;
    PasswayPluginStopFn stop_ = nullptr;
    PasswayPluginDestroyFn destroy_ = nullptr;
};

} // namespace passway
