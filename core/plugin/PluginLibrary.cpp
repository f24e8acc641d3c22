#include "plugin/PluginLibrary.h"

#include "passway/PluginDeclarations.h"
#include "plugin/PluginRefused.h"

#include <Poco/Exception.h>

#include <stdexcept>

namespace passway {

namespace {

constexpr std::size_t kErrorSize = 1024;

template <class Fn>
Fn as(void* symbol) {
    return reinterpret_cast<Fn>(symbol);
}

std::string orEmpty(const char* text) { return text ? text : ""; }

} // namespace

PluginLibrary::PluginLibrary(const std::string& path, const std::string& expectedId) : path_(path) {
    try {
        // Local: one plugin's symbols never resolve another plugin's references.
        library_.load(path_, Poco::SharedLibrary::SHLIB_LOCAL);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot load " + path_ + ": " + e.displayText());
    }
    try {
        checkVersion(expectedId);
        // Only a library that speaks our API is asked for anything else.
        create_ = as<PasswayPluginCreateFn>(symbol("passway_plugin_create"));
        start_ = as<PasswayPluginStartFn>(symbol("passway_plugin_start"));
        stop_ = as<PasswayPluginStopFn>(symbol("passway_plugin_stop"));
        destroy_ = as<PasswayPluginDestroyFn>(symbol("passway_plugin_destroy"));
    } catch (...) {
        library_.unload();
        throw;
    }
}

PluginLibrary::~PluginLibrary() {
    if (library_.isLoaded()) library_.unload();
}

void* PluginLibrary::symbol(const char* name) {
    if (!library_.hasSymbol(name))
        throw PluginRefused(path_ + " is not a complete Passway plugin: it exports no " + name);
    return library_.getSymbol(name);
}

void PluginLibrary::checkVersion(const std::string& expectedId) {
    const auto version = as<PasswayPluginVersionFn>(symbol("passway_plugin_version"));
    const PasswayPluginInfo* info = version();
    if (!info) throw PluginRefused("passway_plugin_version returned no information");
    // structSize and hostApiVersion lead the structure in every API version,
    // so they can be read before we know the plugin's layout matches ours.
    if (info->hostApiVersion != PASSWAY_HOST_API_VERSION) {
        throw PluginRefused("built for host API " + std::to_string(info->hostApiVersion) + ", this host speaks " +
                            std::to_string(PASSWAY_HOST_API_VERSION));
    }
    if (info->structSize != sizeof(PasswayPluginInfo)) {
        throw PluginRefused("its plugin information is " + std::to_string(info->structSize) +
                            " bytes, this host expects " + std::to_string(sizeof(PasswayPluginInfo)) +
                            " (built with another compiler or ABI?)");
    }
    id_ = orEmpty(info->id);
    if (id_ != expectedId)
        throw PluginRefused("the library declares id '" + id_ + "' but was loaded as '" + expectedId + "'");
    // Copied now: the strings live in the library and go when it is unloaded.
    version_ = orEmpty(info->version);
    description_ = orEmpty(info->description);
    // Optional (README "Plugin declarations"): a plugin without it has no forms.
    if (library_.hasSymbol("passway_plugin_declarations")) {
        declarations_ = orEmpty(as<PasswayPluginDeclarationsFn>(library_.getSymbol("passway_plugin_declarations"))());
    }
}

void* PluginLibrary::create() {
    char error[kErrorSize] = {};
    void* plugin = create_(error, sizeof error);
    if (!plugin) throw std::runtime_error(error[0] ? error : "passway_plugin_create returned no plugin");
    return plugin;
}

void PluginLibrary::start(void* plugin, PluginContext& context) {
    char error[kErrorSize] = {};
    if (start_(plugin, &context, error, sizeof error) != 0)
        throw std::runtime_error(error[0] ? error : "start failed without a message");
}

void PluginLibrary::stop(void* plugin) noexcept { stop_(plugin); }

void PluginLibrary::destroy(void* plugin) noexcept { destroy_(plugin); }

bool PluginLibrary::isValidId(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

std::string PluginLibrary::fileName(const std::string& id) {
#if defined(_WIN32)
    return "passway_" + id + ".dll";
#elif defined(__APPLE__)
    return "passway_" + id + ".dylib";
#else
    return "passway_" + id + ".so";
#endif
}

} // namespace passway
