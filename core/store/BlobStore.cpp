#include "store/BlobStore.h"

#include "store/StoreError.h"

#include <Poco/SHA2Engine.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
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

// Makes a rename or a new entry in `folder` durable: fsync of the file alone
// does not persist the directory entry that names it.
void syncFolder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) failErrno("cannot open folder", folder);
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (rc != 0) failErrno("cannot sync folder", folder);
}

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

} // namespace

BlobStore::BlobStore(std::string root, bool syncWrites) : root_(std::move(root)), syncWrites_(syncWrites) {
    std::error_code error;
    fs::create_directories(root_, error);
    if (error) throw StoreError("blob store: cannot create " + root_ + ": " + error.message());
}

std::string BlobStore::sha256Hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), bytes.size());
    return Poco::DigestEngine::digestToHex(engine.digest());  // lowercase
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
    std::error_code error;
    const bool newFolder = fs::create_directories(folder, error);
    if (error) throw StoreError("blob store: cannot create " + folder + ": " + error.message());
    if (newFolder && syncWrites_) syncFolder(root_);

    // The temporary file lives in the final folder so the rename is atomic;
    // its dot-prefixed name can never be taken for a blob. mkstemp's mode
    // 0600 stays: photos and templates are biometric data of the service.
    std::string temp = folder + "/." + sha + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) failErrno("cannot create a temporary file in", folder);
    try {
        writeAll(fd, bytes, temp);
        if (syncWrites_ && ::fsync(fd) != 0) failErrno("cannot sync", temp);
        if (::close(fd) != 0) failErrno("cannot close", temp);
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    // rename() replaces atomically: a reader sees no file or the whole file,
    // and two writers of the same blob both leave a complete one.
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        failErrno("cannot rename into", path);
    }
    if (syncWrites_) syncFolder(folder);
    return sha;
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
