#include "service/BlobAccess.h"

#include "http/Routes.h"
#include "wire/Digest.h"

namespace passway::httpv2 {

namespace {

bool isSha256(const std::string& text) {
    if (text.size() != 64) return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

} // namespace

std::optional<std::string> BlobAccess::get(const std::string& sha256) const {
    if (!isSha256(sha256)) return std::nullopt;
    return blobs_.get(sha256);
}

std::optional<std::uint64_t> BlobAccess::size(const std::string& sha256) const {
    if (!isSha256(sha256)) return std::nullopt;
    return blobs_.size(sha256);
}

std::optional<std::string> BlobAccess::md5(const std::string& sha256) {
    {
        std::lock_guard lock(mutex_);
        const auto found = md5_.find(sha256);
        if (found != md5_.end()) return found->second;
    }
    const auto bytes = get(sha256);
    if (!bytes) return std::nullopt;
    std::string digest = md5Upper(*bytes);
    std::lock_guard lock(mutex_);
    if (md5_.size() >= kMd5CacheEntries) md5_.clear();  // blobs never change: recomputing is only slower
    md5_.emplace(sha256, digest);
    return digest;
}

std::optional<std::string> BlobAccess::fittedPhoto(const std::string& sha256) {
    if (!isSha256(sha256)) return std::nullopt;
    {
        std::lock_guard lock(mutex_);
        const auto found = fitted_.find(sha256);
        if (found != fitted_.end()) return found->second;
    }
    // Converted once per blob and run: the host's conversion is
    // deterministic, so a restart finds the same converted blob.
    const auto fitted = blobs_.fitPhoto(sha256, maxPhotoBytes_);
    if (!fitted) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (fitted_.size() >= kMd5CacheEntries) fitted_.clear();
    fitted_.emplace(sha256, *fitted);
    return fitted;
}

std::optional<FileRef> BlobAccess::Assets::file(const std::string& sha256) {
    const auto md5 = access_.md5(sha256);
    if (!md5) return std::nullopt;
    return FileRef{baseUrl_ + filePath(sha256, "bin"), *md5};
}

std::optional<PhotoRef> BlobAccess::Assets::photo(const std::string& original) {
    const auto fitted = access_.fittedPhoto(original);
    if (!fitted) return std::nullopt;
    const std::string& sha256 = *fitted;
    if (mode_ == PhotoMode::Base64) {
        const auto bytes = access_.get(sha256);
        if (!bytes) return std::nullopt;
        return PhotoRef{base64Encode(*bytes), md5Upper(*bytes), bytes->size()};
    }
    const auto md5 = access_.md5(sha256);
    const auto length = access_.size(sha256);
    if (!md5 || !length) return std::nullopt;
    return PhotoRef{baseUrl_ + filePath(sha256, "jpg"), *md5, *length};
}

std::optional<std::string> BlobAccess::Assets::templateBase64(const std::string& sha256) {
    const auto bytes = access_.get(sha256);
    if (!bytes) return std::nullopt;
    return base64Encode(*bytes);
}

} // namespace passway::httpv2
