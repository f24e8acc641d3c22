#include "plugin/PluginProbeCache.h"

#include "plugin/PluginDiscovery.h"
#include "plugin/PluginLibrary.h"

#include <system_error>

namespace passway {

PluginStatus PluginProbeCache::probe(const std::string& directory, const std::string& id) {
    const std::string file = (std::filesystem::path(directory) / PluginLibrary::fileName(id)).string();
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    const auto modified = error ? std::filesystem::file_time_type{} : std::filesystem::last_write_time(file, error);
    std::lock_guard lock(mutex_);
    if (error) {
        // Gone or unreadable: nothing worth remembering, and probing says why.
        byFile_.erase(file);
        ++probes_;
        return probePlugin(directory, id);
    }
    auto known = byFile_.find(file);
    if (known != byFile_.end() && known->second.size == size && known->second.modified == modified) {
        return known->second.status;
    }
    ++probes_;
    // Under the lock: two requests at once open the library once.
    Entry entry{size, modified, probePlugin(directory, id)};
    byFile_[file] = entry;
    return entry.status;
}

std::size_t PluginProbeCache::probes() const {
    std::lock_guard lock(mutex_);
    return probes_;
}

} // namespace passway
