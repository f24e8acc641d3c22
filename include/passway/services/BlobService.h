#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway {

// Photos, templates and files by sha256 (lowercase hex): read what sync
// hands out (a person's photo, a template), store what terminals upload.
// Throws HostError (Unavailable) when the disk refuses a write.
class BlobService {
public:
    virtual ~BlobService() = default;

    // Stores the bytes (durably; a no-op when present) and returns their sha256.
    virtual std::string put(std::string_view bytes) = 0;
    virtual std::optional<std::string> get(const std::string& sha256) = 0;
    virtual std::optional<std::uint64_t> size(const std::string& sha256) = 0;
};

} // namespace passway
