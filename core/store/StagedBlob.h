#pragma once

#include <string>

namespace passway {

// A blob written to a temporary file beside its final place, hashed, but
// neither synced nor visible under its name yet: the first half of a group
// commit of blobs (see BlobStore::stage and BlobStore::publishAll). Made on
// the caller's thread, so the one writer thread only syncs and renames.
// Dropped without being published, it removes its temporary file.
class StagedBlob {
public:
    StagedBlob() = default;
    ~StagedBlob();
    StagedBlob(StagedBlob&& other) noexcept;
    StagedBlob& operator=(StagedBlob&& other) noexcept;
    StagedBlob(const StagedBlob&) = delete;
    StagedBlob& operator=(const StagedBlob&) = delete;

    const std::string& sha256() const { return sha256_; }

private:
    friend class BlobStore;
    StagedBlob(std::string sha256, std::string temporary, std::string path)
        : sha256_(std::move(sha256)), temporary_(std::move(temporary)), path_(std::move(path)) {}
    void discard() noexcept;  // removes the temporary file, if any

    std::string sha256_;
    std::string temporary_;  // empty: nothing to publish (the blob was already stored, or is published)
    std::string path_;       // its final name
};

} // namespace passway
