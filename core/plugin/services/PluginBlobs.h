#pragma once

#include "passway/services/BlobService.h"

namespace passway {
class BlobStore;
}

namespace passway::plugin {

// BlobService over the blob store: reading and adding, never removing (a
// blob may be another person's photo too).
class PluginBlobs final : public BlobService {
public:
    explicit PluginBlobs(BlobStore& blobs) : blobs_(blobs) {}

    std::string put(std::string_view bytes) override;
    std::optional<std::string> get(const std::string& sha256) override;
    std::optional<std::uint64_t> size(const std::string& sha256) override;
    std::optional<std::string> fitPhoto(const std::string& sha256, std::uint64_t maxBytes) override;

private:
    BlobStore& blobs_;
};

} // namespace passway::plugin
