#pragma once

#include "passway/RecordIngest.h"
#include "store/BlobStore.h"
#include "util/Metrics.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace passway {

class EventBus;
class Store;

struct GroupCommitOptions {
    // How long the writer waits, after the first item of a batch arrived, for
    // the others to join it (records.group_commit_ms). It waits only while
    // more callers are expected, so a lone caller pays nothing, only for
    // batches that carry photos (whose file syncs it lets them share), and
    // never longer than syncing a batch's photos took of late.
    std::chrono::microseconds window{2000};
    std::size_t maxBatch = 500;  // items per transaction; a larger single call is taken whole
};

// RecordIngest by group commit: callers on any thread stage their photos
// (hash, write a temporary file), queue their records and block (ingest) or
// go on (ingestAsync, answered by a callback); one writer
// thread takes everything queued, makes the photos durable (one sync for all
// of them, then the renames, one more sync), inserts the rows in one
// transaction (one sync) together with the `record.created` events of the
// new ones (the bus appends them to the journal in that transaction), and
// answers every caller of the batch: a blocked one is woken, an asynchronous
// one's callback runs on the writer thread.
//
// A failure of the batch (disk full, I/O error) is thrown to every caller of
// that batch: nothing is acknowledged that is not stored.
class GroupCommitRecordIngest final : public RecordIngest {
public:
    GroupCommitRecordIngest(Store& store, BlobStore& blobs, EventBus& bus, Metrics& metrics,
                            GroupCommitOptions options = {});
    ~GroupCommitRecordIngest() override;  // shutdown()
    GroupCommitRecordIngest(const GroupCommitRecordIngest&) = delete;
    GroupCommitRecordIngest& operator=(const GroupCommitRecordIngest&) = delete;

    using RecordIngest::ingest;
    // Throws StoreError when called from a callback of ingestAsync (on the
    // writer thread, it would wait for itself).
    std::vector<IngestOutcome> ingest(std::vector<IngestItem> items) override;
    void ingestAsync(std::vector<IngestItem> items, IngestDone done) override;

    // Stores what is queued, answers its callers, then stops the writer.
    // Later calls to ingest() throw StoreError. Idempotent.
    void shutdown();

    std::size_t queued() const;  // items waiting for the writer

private:
    // One call, waiting for its outcomes.
    struct Request {
        std::vector<Record> records;             // receivedTime and photoBlob already set
        std::vector<std::string> payloads;       // each record's record.created event, less its id
        std::vector<StagedBlob> photos;          // hashed and written by the caller's thread, not the writer's
        IngestDone done;
    };
    using Batch = std::vector<Request>;

    void writerLoop();
    void awaitCompanions(std::unique_lock<std::mutex>& lock);  // the group-commit window
    Batch takeBatch();                                         // with mutex_ held
    void commit(Batch& batch);
    void notePhotoSyncCost(std::chrono::steady_clock::duration took);  // writer thread
    static void answer(Request& request, IngestResult result);

    Store& store_;
    BlobStore& blobs_;
    EventBus& bus_;
    Metrics& metrics_;
    const GroupCommitOptions options_;
    Metrics::Counter& created_;
    Metrics::Counter& duplicates_;
    Metrics::Counter& batches_;
    Metrics::Counter& failedBatches_;

    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<Request> queue_;
    std::size_t queuedItems_ = 0;
    std::size_t lastBatchRequests_ = 1;  // how many callers the last batch answered: whom to wait for
    std::chrono::microseconds photoSyncCost_{options_.window};  // writer thread: what publishing photos costs, averaged
    bool stopping_ = false;
    std::thread writer_;
};

} // namespace passway
