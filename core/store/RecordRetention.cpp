#include "store/RecordRetention.h"

#include "store/BlobStore.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <algorithm>

namespace passway {

RecordRetention::RecordRetention(Store& store, BlobStore& blobs, std::mutex& blobRemoval, int batchSize)
    : store_(store), blobs_(blobs), blobRemoval_(blobRemoval), batchSize_(std::max(1, batchSize)) {}

RetentionRun RecordRetention::prune(std::int64_t receivedBefore, const std::function<bool()>& stopping) {
    RetentionRun run;
    run.cutoff = receivedBefore;
    for (;;) {
        if (stopping && stopping()) break;
        std::lock_guard noBackupNow(blobRemoval_);
        const RecordPrune batch = store_.records().pruneReceivedBefore(receivedBefore, batchSize_);
        run.records += batch.deleted;
        for (const auto& photo : batch.unreferencedPhotos) {
            try {
                if (blobs_.remove(photo)) ++run.photos;
            } catch (const std::exception&) {
                // A name that is not a sha256 was never a blob: nothing to delete.
            }
        }
        if (batch.deleted < batchSize_) break;
    }
    run.at = nowMillis();
    return run;
}

} // namespace passway
