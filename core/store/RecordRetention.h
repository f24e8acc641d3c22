#pragma once

#include <cstdint>
#include <functional>
#include <mutex>

namespace passway {

class BlobStore;
class Store;

// What one retention pass did.
struct RetentionRun {
    std::int64_t at = 0;          // unix ms, when it ended
    std::int64_t cutoff = 0;      // records received before this went
    std::int64_t records = 0;
    std::int64_t photos = 0;      // blobs deleted (no longer referenced)
};

// records.retention_days: deletes the records received before a cutoff and
// the photos nothing refers to any more, in small batches (one short
// transaction each), so terminals' inserts never wait long behind it. The
// database reuses the freed pages for new records; the photos, most of the
// space, are files and go at once. Holds `blobRemoval` while it deletes
// blobs, so a backup (SiteBackup) never misses one its database copy names.
class RecordRetention {
public:
    RecordRetention(Store& store, BlobStore& blobs, std::mutex& blobRemoval, int batchSize = 500);

    // Runs batches until nothing older is left or `stopping` says so.
    // Throws StoreError (what was deleted before stays deleted).
    RetentionRun prune(std::int64_t receivedBefore, const std::function<bool()>& stopping = {});

private:
    Store& store_;
    BlobStore& blobs_;
    std::mutex& blobRemoval_;
    const int batchSize_;
};

} // namespace passway
