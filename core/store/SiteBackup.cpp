#include "store/SiteBackup.h"

#include "store/BlobStore.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <ctime>
#include <filesystem>

namespace passway {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "passway-";
constexpr const char* kPartial = ".part";

std::string utcStamp(std::int64_t millis) {
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &utc);
    return text;
}

bool isBlobName(const std::string& name) {
    return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::uint64_t sizeOf(const fs::path& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    return error ? 0 : size;
}

} // namespace

SiteBackup::SiteBackup(Store& store, BlobStore& blobs, std::string dir, int keep, std::mutex& blobRemoval)
    // Absolute, so the page shows where a backup really is (the working
    // directory of passwayd is not the reader's).
    : store_(store), blobs_(blobs), dir_(fs::absolute(dir).lexically_normal().string()), keep_(std::max(1, keep)),
      blobRemoval_(blobRemoval) {}

BackupInfo SiteBackup::make() {
    std::lock_guard making(making_);
    std::error_code error;
    fs::create_directories(dir_, error);
    if (error) throw StoreError("backup: cannot create folder " + dir_ + ": " + error.message());
    // What a crash or a failure left half-written.
    for (const auto& entry : fs::directory_iterator(dir_, error)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == kPartial) {
            fs::remove_all(entry.path(), error);
        }
    }

    const std::int64_t now = nowMillis();
    std::string name = kPrefix + utcStamp(now);
    for (int n = 2; fs::exists(fs::path(dir_) / name); ++n) name = kPrefix + utcStamp(now) + "-" + std::to_string(n);
    const fs::path partial = fs::path(dir_) / (name + kPartial);
    const fs::path complete = fs::path(dir_) / name;
    const auto previous = list();

    BackupInfo info;
    info.name = name;
    info.path = complete.string();
    info.createdAt = now;
    try {
        fs::create_directories(partial / "blobs");
        std::lock_guard noRemovals(blobRemoval_);
        store_.backupTo((partial / "passway.db").string());
        info.databaseBytes = sizeOf(partial / "passway.db");
        info.blobs = copyBlobs((partial / "blobs").string(), previous.empty() ? "" : previous.front().path + "/blobs",
                               info.blobBytes);
        fs::rename(partial, complete);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(partial, error);
        throw StoreError("backup to " + complete.string() + " failed: " + e.what());
    } catch (...) {
        fs::remove_all(partial, error);
        throw;
    }
    removeOld();
    return info;
}

std::int64_t SiteBackup::copyBlobs(const std::string& to, const std::string& previous, std::uint64_t& bytes) {
    std::int64_t count = 0;
    if (!fs::exists(blobs_.root())) return 0;
    for (const auto& shard : fs::directory_iterator(blobs_.root())) {
        if (!shard.is_directory() || shard.path().filename().string().size() != 2) continue;
        for (const auto& file : fs::directory_iterator(shard.path())) {
            const std::string name = file.path().filename().string();
            if (!file.is_regular_file() || !isBlobName(name)) continue;  // dot-named temporaries are not blobs
            const fs::path target = fs::path(to) / name.substr(0, 2) / name;
            fs::create_directories(target.parent_path());
            std::error_code linkError;
            const fs::path earlier = fs::path(previous) / name.substr(0, 2) / name;
            if (previous.empty() || !fs::exists(earlier)) {
                linkError = std::make_error_code(std::errc::no_such_file_or_directory);
            } else {
                fs::create_hard_link(earlier, target, linkError);
            }
            if (linkError) fs::copy_file(file.path(), target, fs::copy_options::overwrite_existing);
            bytes += sizeOf(target);
            ++count;
        }
    }
    return count;
}

std::vector<BackupInfo> SiteBackup::list() const {
    std::vector<BackupInfo> backups;
    std::error_code error;
    if (!fs::is_directory(dir_, error)) return backups;
    for (const auto& entry : fs::directory_iterator(dir_, error)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_directory() || name.rfind(kPrefix, 0) != 0 || name.find(kPartial) != std::string::npos) continue;
        if (!fs::exists(entry.path() / "passway.db")) continue;
        BackupInfo info;
        info.name = name;
        info.path = entry.path().string();
        const auto written = fs::last_write_time(entry.path() / "passway.db", error);
        info.createdAt = error ? 0
                               : std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::file_clock::to_sys(written).time_since_epoch())
                                     .count();
        info.databaseBytes = sizeOf(entry.path() / "passway.db");
        for (const auto& file : fs::recursive_directory_iterator(entry.path() / "blobs", error)) {
            if (!file.is_regular_file()) continue;
            ++info.blobs;
            info.blobBytes += sizeOf(file.path());
        }
        backups.push_back(std::move(info));
    }
    // The names sort by time: the UTC stamp, then -2, -3, ... within one second.
    const auto order = [](const BackupInfo& b) {
        const std::size_t stamp = std::string(kPrefix).size() + 15;
        const int suffix = b.name.size() > stamp + 1 ? std::atoi(b.name.c_str() + stamp + 1) : 1;
        return std::make_pair(b.name.substr(0, stamp), suffix);
    };
    std::sort(backups.begin(), backups.end(), [&](const BackupInfo& a, const BackupInfo& b) { return order(a) > order(b); });
    return backups;
}

void SiteBackup::removeOld() {
    const auto backups = list();
    std::error_code error;
    for (std::size_t i = static_cast<std::size_t>(keep_); i < backups.size(); ++i) fs::remove_all(backups[i].path, error);
}

} // namespace passway
