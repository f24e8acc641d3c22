#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway {

// Photos and templates on disk, content-addressed by sha256 (lowercase hex):
// <root>/ab/cdef....  A put is atomic (temp file, fsync, rename), so a reader
// never sees half a file and a crash never leaves a corrupt blob.
class BlobStore {
public:
    explicit BlobStore(std::string root, bool syncWrites = true);

    // Stores the bytes (no-op when already present); returns their sha256.
    std::string put(std::string_view bytes);
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
    std::string root_;
    bool syncWrites_;
};

} // namespace passway
