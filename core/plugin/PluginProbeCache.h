#pragma once

#include "plugin/PluginStatus.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

namespace passway {

// What probePlugin() read from each library file, kept while the file stays
// the same (size and modification time): the Plugins screen and the device
// page's command form ask on every request, and opening a library runs its
// static initialisers and costs a dlopen. A file replaced by a new build is
// read again. Safe from any thread.
class PluginProbeCache {
public:
    // probePlugin(directory, id), from memory when the file is unchanged.
    PluginStatus probe(const std::string& directory, const std::string& id);
    // How many times a library was actually opened (for tests).
    std::size_t probes() const;

private:
    struct Entry {
        std::uintmax_t size = 0;
        std::filesystem::file_time_type modified;
        PluginStatus status;
    };

    mutable std::mutex mutex_;
    std::map<std::string, Entry> byFile_;
    std::size_t probes_ = 0;
};

} // namespace passway
