#pragma once

#include "store/StagedBlob.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passway {

// Photos and templates on disk, content-addressed by sha256 (lowercase hex):
// <root>/ab/cdef....  Every write is atomic (temp file, synced, renamed), so a
// reader never sees half a file and a crash never leaves a corrupt blob. A
// crash may leave a dot-named temporary file behind; it is never read.
class BlobStore {
public:
    explicit BlobStore(std::string root, bool syncWrites = true);
    ~BlobStore();
    BlobStore(const BlobStore&) = delete;
    BlobStore& operator=(const BlobStore&) = delete;

    // Stores the bytes (no-op when already present); returns their sha256.
    std::string put(std::string_view bytes);
    // Group commit of blobs, in two halves. stage() hashes the bytes and
    // writes them to a temporary file beside their final place, unsynced;
    // any thread may call it. publishAll() then makes a whole batch durable
    // at once: one sync of the file system for all the contents, the
    // renames, one more sync for all the names. A crash leaves each blob
    // whole or absent; on return every one of them is on disk.
    StagedBlob stage(std::string_view bytes);
    void publishAll(std::vector<StagedBlob>& blobs);
    std::optional<std::string> get(const std::string& sha256) const;
    bool contains(const std::string& sha256) const;
    bool remove(const std::string& sha256);
    std::optional<std::uint64_t> size(const std::string& sha256) const;
    // Path of a blob (whether or not it exists); throws std::invalid_argument
    // for a string that is not 64 hex digits, so no path can escape the root.
    std::string pathOf(const std::string& sha256) const;
    const std::string& root() const { return root_; }

    static std::string sha256Hex(std::string_view bytes);

private:
    // Makes everything written under the root durable: syncfs() on Linux,
    // else `syncEach` (an fsync per file or folder).
    void syncAll(const std::function<void()>& syncEach) const;

    std::string root_;
    bool syncWrites_;
    // Held open for syncfs(), which reports the write-back errors of the file
    // system since the previous call on the same descriptor: errors in
    // staged files written before publishAll() began are not missed.
    int rootFd_ = -1;
};

} // namespace passway
