#include "plugin/services/PluginBlobs.h"

#include "face/PhotoFitter.h"
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

std::optional<std::string> PluginBlobs::fitPhoto(const std::string& sha256, std::uint64_t maxBytes) {
    const auto bytes = get(sha256);
    if (!bytes) return std::nullopt;
    const auto fitted = PhotoFitter::fit(*bytes, static_cast<std::size_t>(maxBytes));
    if (!fitted) return std::nullopt;
    if (fitted->size() == bytes->size() && *fitted == *bytes) return sha256;
    return put(*fitted);
}

} // namespace passway::plugin
