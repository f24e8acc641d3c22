#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace passway {

class BlobStore;
class Store;

// One backup on disk: <dir>/<name>/passway.db and <dir>/<name>/blobs/ (the
// blob store's own layout), so restoring is copying two things back
// (README "Backups and restore").
struct BackupInfo {
    std::string name;                 // passway-20260612-083000 (UTC)
    std::string path;                 // the backup's folder
    std::int64_t createdAt = 0;       // unix ms (the folder's time)
    std::uint64_t databaseBytes = 0;
    std::int64_t blobs = 0;
    std::uint64_t blobBytes = 0;
};

// Makes consistent online backups of the whole site: the database through
// the store's backup API, then every blob. Blobs are content-addressed and
// never change, and a photo is written before the row that names it, so a
// blob the database copy refers to exists when the blobs are copied after
// it, unless something deletes blobs in between: retention takes
// `blobRemoval` for that, and so does a backup while it runs. A blob the
// previous backup holds is hard-linked from there, not copied again.
// Folders are written as <name>.part and renamed when complete.
class SiteBackup {
public:
    SiteBackup(Store& store, BlobStore& blobs, std::string dir, int keep, std::mutex& blobRemoval);

    // Makes one backup and then deletes the oldest beyond `keep`. Throws
    // StoreError (with the cause) when it cannot; a failed backup leaves no
    // folder that list() shows. One at a time: a second caller waits.
    BackupInfo make();
    // The complete backups in `dir`, newest first.
    std::vector<BackupInfo> list() const;

    const std::string& dir() const { return dir_; }
    int keep() const { return keep_; }

private:
    std::int64_t copyBlobs(const std::string& to, const std::string& previous, std::uint64_t& bytes);
    void removeOld();

    Store& store_;
    BlobStore& blobs_;
    const std::string dir_;
    const int keep_;
    std::mutex& blobRemoval_;
    std::mutex making_;
};

} // namespace passway
