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

    // Host API 3, added later: the sha256 of the photo as a terminal takes
    // it, a JPEG of at most `maxBytes` (the blob itself when it is one, else
    // re-encoded and scaled, then stored). nullopt when there is no such
    // blob or it is no image.
    virtual std::optional<std::string> fitPhoto(const std::string& sha256, std::uint64_t maxBytes) = 0;
};

} // namespace passway
