#pragma once

#include "Httpv2Config.h"
#include "mapping/CommandMapping.h"
#include "mapping/PeopleJsonWriter.h"
#include "passway/services/BlobService.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace passway::httpv2 {

// The plugin's way into the blob store: photos, templates, firmware and
// system files, with their MD5 (the document's checksum) computed once per
// blob and kept in memory.
class BlobAccess {
public:
    BlobAccess(BlobService& blobs, std::size_t maxPhotoBytes) : blobs_(blobs), maxPhotoBytes_(maxPhotoBytes) {}

    std::string put(std::string_view bytes) { return blobs_.put(bytes); }
    std::optional<std::string> get(const std::string& sha256) const;
    std::optional<std::uint64_t> size(const std::string& sha256) const;
    // Upper-case MD5 of the blob; nullopt when there is no such blob.
    std::optional<std::string> md5(const std::string& sha256);
    // The photo as terminals take it (a JPEG within max_photo_bytes): the
    // blob itself, or a converted one the host stored; nullopt when it
    // cannot be made so (the person then goes without a photo).
    std::optional<std::string> fittedPhoto(const std::string& sha256);

    // URLs and base64 for one request: files are served from `baseUrl`
    // (what the terminal used to reach the plugin, or public_url).
    class Assets final : public FileResolver, public PersonAssets {
    public:
        Assets(BlobAccess& access, std::string baseUrl, PhotoMode mode)
            : access_(access), baseUrl_(std::move(baseUrl)), mode_(mode) {}
        std::optional<FileRef> file(const std::string& sha256) override;
        std::optional<PhotoRef> photo(const std::string& sha256) override;
        std::optional<std::string> templateBase64(const std::string& sha256) override;

    private:
        BlobAccess& access_;
        std::string baseUrl_;
        PhotoMode mode_;
    };

    Assets assets(std::string baseUrl, PhotoMode mode) { return Assets(*this, std::move(baseUrl), mode); }

private:
    static constexpr std::size_t kMd5CacheEntries = 200000;  // ~25 MB at most

    BlobService& blobs_;
    const std::size_t maxPhotoBytes_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::string> md5_;
    std::unordered_map<std::string, std::string> fitted_;  // photo sha256 → what is offered (same bound as md5_)
};

} // namespace passway::httpv2
