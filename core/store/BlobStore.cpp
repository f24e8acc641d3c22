#include "store/BlobStore.h"

#include "store/StoreError.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace passway {

namespace fs = std::filesystem;

namespace {

bool isSha256Hex(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

[[noreturn]] void failErrno(const std::string& what, const std::string& path) {
    throw StoreError("blob store: " + what + " " + path + ": " + std::strerror(errno));
}

// fsync of a file, or of a folder: fsync of a file alone does not persist
// the directory entry that names it, so a rename or a new entry needs its
// folder synced too.
void syncPath(const std::string& path, bool folder) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0) failErrno(folder ? "cannot open folder" : "cannot open", path);
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0) failErrno(folder ? "cannot sync folder" : "cannot sync", path);
}

void syncFolder(const std::string& folder) { syncPath(folder, true); }

void writeAll(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            failErrno("cannot write", path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

// Returns true when the folder was made now.
bool createFolder(const std::string& folder) {
    std::error_code error;
    const bool created = fs::create_directories(folder, error);
    if (error) throw StoreError("blob store: cannot create " + folder + ": " + error.message());
    return created;
}

// The temporary file lives in the final folder so the rename is atomic; its
// dot-prefixed name can never be taken for a blob. mkstemp's mode 0600
// stays: photos and templates are biometric data of the service.
std::string writeTemporary(const std::string& folder, const std::string& sha, std::string_view bytes, bool sync) {
    std::string temp = folder + "/." + sha + ".XXXXXX";
    int fd = ::mkstemp(temp.data());
    if (fd < 0 && errno == ENOENT) {
        // The blob's folder is made on its first blob (or again, if it went
        // away): a stat per photo to look for it first cost a system call
        // on the path every upload takes.
        createFolder(folder);
        temp = folder + "/." + sha + ".XXXXXX";
        fd = ::mkstemp(temp.data());
    }
    if (fd < 0) failErrno("cannot create a temporary file in", folder);
    try {
        writeAll(fd, bytes, temp);
        if (sync && ::fsync(fd) != 0) failErrno("cannot sync", temp);
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        failErrno("cannot close", temp);
    }
    return temp;
}

// rename() replaces atomically: a reader sees no file or the whole file, and
// two writers of the same blob both leave a complete one.
void renameInto(const std::string& temp, const std::string& path) {
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        failErrno("cannot rename into", path);
    }
}

} // namespace

BlobStore::BlobStore(std::string root, bool syncWrites) : root_(std::move(root)), syncWrites_(syncWrites) {
    std::error_code error;
    fs::create_directories(root_, error);
    if (error) throw StoreError("blob store: cannot create " + root_ + ": " + error.message());
    rootFd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootFd_ < 0) failErrno("cannot open", root_);
}

BlobStore::~BlobStore() { ::close(rootFd_); }

std::string BlobStore::sha256Hex(std::string_view bytes) {
    // OpenSSL rather than Poco's SHA2Engine: with the CPU's SHA extensions it
    // hashes a 40 KB photo in ~25 us instead of ~120 us, and every record
    // photo is hashed on the way in.
    unsigned char digest[SHA256_DIGEST_LENGTH];
    ::SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(2 * SHA256_DIGEST_LENGTH, '0');
    for (std::size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
        hex[2 * i] = kHex[digest[i] >> 4];  // lowercase
        hex[2 * i + 1] = kHex[digest[i] & 0x0f];
    }
    return hex;
}

std::string BlobStore::pathOf(const std::string& sha256) const {
    // Only 64 lowercase hex digits: no '/', no '..', one name per content.
    if (!isSha256Hex(sha256)) throw std::invalid_argument("not a sha256 (64 lowercase hex digits): '" + sha256 + "'");
    return (fs::path(root_) / sha256.substr(0, 2) / sha256).string();
}

std::string BlobStore::put(std::string_view bytes) {
    const std::string sha = sha256Hex(bytes);
    const std::string path = pathOf(sha);
    // Same name, same content: a blob already there is this blob.
    if (contains(sha)) return sha;

    const std::string folder = fs::path(path).parent_path().string();
    if (createFolder(folder) && syncWrites_) syncFolder(root_);
    const std::string temp = writeTemporary(folder, sha, bytes, syncWrites_);
    renameInto(temp, path);
    if (syncWrites_) syncFolder(folder);
    return sha;
}

StagedBlob BlobStore::stage(std::string_view bytes) {
    std::string sha = sha256Hex(bytes);
    std::string path = pathOf(sha);
    // Already stored: nothing to write, publishAll() only syncs it again.
    if (contains(sha)) return StagedBlob(std::move(sha), {}, std::move(path));
    const std::string folder = fs::path(path).parent_path().string();
    // A folder made here is made durable by publishAll's last sync.
    std::string temporary = writeTemporary(folder, sha, bytes, false);
    return StagedBlob(std::move(sha), std::move(temporary), std::move(path));
}

void BlobStore::publishAll(std::vector<StagedBlob>& blobs) {
    if (blobs.empty()) return;
    const bool anyWritten =
        std::any_of(blobs.begin(), blobs.end(), [](const StagedBlob& blob) { return !blob.temporary_.empty(); });
    // Contents before names: a name never points at bytes not on disk.
    if (anyWritten && syncWrites_) {
        syncAll([&] {
            for (const auto& blob : blobs) {
                if (!blob.temporary_.empty()) syncPath(blob.temporary_, false);
            }
        });
    }
    for (auto& blob : blobs) {
        if (blob.temporary_.empty()) continue;
        renameInto(blob.temporary_, blob.path_);  // on failure the rest stay staged and are removed with them
        blob.temporary_.clear();
    }
    // The names, new folders included. Also when nothing was written here: a
    // blob found present may be one whose rename a crashed process never
    // synced, and a record about to be acknowledged will name it.
    if (syncWrites_) {
        syncAll([&] {
            std::set<std::string> folders{root_};
            for (const auto& blob : blobs) folders.insert(fs::path(blob.path_).parent_path().string());
            for (const auto& folder : folders) syncFolder(folder);
        });
    }
}

void BlobStore::syncAll(const std::function<void()>& syncEach) const {
#if defined(__linux__)
    // One syncfs() of the blob file system costs about what a single fsync()
    // does, where an fsync() per file costs a journal commit and a disk flush
    // each: for a batch of 200 photos of 40 KB, ~25 ms against ~100 ms on ext4.
    (void)syncEach;
    if (::syncfs(rootFd_) != 0) failErrno("cannot sync the file system of", root_);
#else
    syncEach();
#endif
}

std::optional<std::string> BlobStore::get(const std::string& sha256) const {
    const std::string path = pathOf(sha256);
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw StoreError("blob store: cannot read " + path);
    return bytes;
}

bool BlobStore::contains(const std::string& sha256) const {
    std::error_code error;
    return fs::is_regular_file(pathOf(sha256), error);
}

bool BlobStore::remove(const std::string& sha256) {
    // Not synced: a removal lost to a power cut leaves an unused blob, no harm.
    std::error_code error;
    const bool removed = fs::remove(pathOf(sha256), error);
    if (error) throw StoreError("blob store: cannot remove " + sha256 + ": " + error.message());
    return removed;
}

std::optional<std::uint64_t> BlobStore::size(const std::string& sha256) const {
    std::error_code error;
    const std::uintmax_t bytes = fs::file_size(pathOf(sha256), error);
    if (error) return std::nullopt;
    return static_cast<std::uint64_t>(bytes);
}

} // namespace passway
