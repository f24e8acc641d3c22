#include "plugin/services/PluginBlobs.h"

#include "passway/HostError.h"
#include "store/BlobStore.h"

#include <stdexcept>

namespace passway::plugin {

std::string PluginBlobs::put(std::string_view bytes) {
    try {
        return blobs_.put(bytes);
    } catch (const std::exception& e) {
        throw HostError(HostError::Kind::Unavailable, e.what());
    }
}

std::optional<std::string> PluginBlobs::get(const std::string& sha256) {
    try {
        return blobs_.get(sha256);
    } catch (const std::invalid_argument&) {
        return std::nullopt;  // not a sha256: no such blob
    }
}

std::optional<std::uint64_t> PluginBlobs::size(const std::string& sha256) {
    try {
        return blobs_.size(sha256);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

} // namespace passway::plugin
