#include "plugin/PluginDiscovery.h"

#include "plugin/PluginLibrary.h"
#include "plugin/PluginRefused.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace passway {

namespace {

// "passway_" + id + the platform's suffix, as PluginLibrary::fileName builds it.
std::string idOf(const std::string& fileName) {
    static const std::string prefix = "passway_";
    const std::string sample = PluginLibrary::fileName("x");  // passway_x.so
    const std::string suffix = sample.substr(prefix.size() + 1);
    if (fileName.size() <= prefix.size() + suffix.size()) return {};
    if (fileName.compare(0, prefix.size(), prefix) != 0) return {};
    if (fileName.compare(fileName.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
    return fileName.substr(prefix.size(), fileName.size() - prefix.size() - suffix.size());
}

} // namespace

std::vector<std::string> pluginIdsIn(const std::string& directory) {
    std::vector<std::string> ids;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (!entry.is_regular_file(error)) continue;
        const std::string id = idOf(entry.path().filename().string());
        if (!id.empty() && PluginLibrary::isValidId(id)) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

PluginStatus probePlugin(const std::string& directory, const std::string& id) {
    PluginStatus status;
    status.id = id;
    status.file = (std::filesystem::path(directory) / PluginLibrary::fileName(id)).string();
    try {
        PluginLibrary library(status.file, id);
        status.state = "stopped";
        status.version = library.version();
        status.description = library.description();
        status.declarations = library.declarations();
        status.apiVersion = PASSWAY_HOST_API_VERSION;
    } catch (const PluginRefused& e) {
        status.state = "refused";
        status.error = e.what();
    } catch (const std::exception& e) {
        status.state = "failed";
        status.error = e.what();
    }
    return status;
}

} // namespace passway
