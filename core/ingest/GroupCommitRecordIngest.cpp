#include "ingest/GroupCommitRecordIngest.h"

#include "bus/EventBus.h"
#include "ingest/RecordCreatedEvent.h"
#include "store/BlobStore.h"
#include "store/Store.h"
#include "store/StoreError.h"
#include "passway/Clock.h"
#include "util/HandoffBatch.h"
#include "util/ThreadName.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <exception>
#include <future>
#include <string_view>
#include <utility>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("ingest"); }

constexpr const char* kQueuedGauge = "passway_ingest_queued";

} // namespace

GroupCommitRecordIngest::GroupCommitRecordIngest(Store& store, BlobStore& blobs, EventBus& bus, Metrics& metrics,
                                                 GroupCommitOptions options)
    : store_(store),
      blobs_(blobs),
      bus_(bus),
      metrics_(metrics),
      options_{options.window, std::max<std::size_t>(1, options.maxBatch)},
      created_(metrics.counter("passway_records_ingested_total", "Records stored by the ingest (new ones)")),
      duplicates_(metrics.counter("passway_records_duplicate_total",
                                  "Records a terminal sent again; acknowledged, not stored twice")),
      batches_(metrics.counter("passway_ingest_batches_total",
                               "Group commits (one transaction and one sync each); records/batches = batch size")),
      failedBatches_(metrics.counter("passway_ingest_failed_batches_total", "Group commits the store refused")) {
    metrics_.gauge(kQueuedGauge, "Records waiting for the ingest writer", [this] { return double(queued()); });
    writer_ = std::thread([this] {
        // Named for `top -H` and perf: under load it is the busiest thread.
        nameThisThread("record-writer");
        writerLoop();
    });
}

GroupCommitRecordIngest::~GroupCommitRecordIngest() {
    shutdown();
    metrics_.removeGauge(kQueuedGauge);
}

void GroupCommitRecordIngest::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    arrived_.notify_all();
    if (writer_.joinable() && writer_.get_id() != std::this_thread::get_id()) writer_.join();
}

std::size_t GroupCommitRecordIngest::queued() const {
    std::lock_guard lock(mutex_);
    return queuedItems_;
}

std::vector<IngestOutcome> GroupCommitRecordIngest::ingest(std::vector<IngestItem> items) {
    if (std::this_thread::get_id() == writer_.get_id()) {
        throw StoreError("record ingest called from an ingest callback; it would wait for itself");
    }
    std::promise<std::vector<IngestOutcome>> promise;
    auto outcome = promise.get_future();
    ingestAsync(std::move(items), [&promise](IngestResult result) {
        if (result.error) {
            promise.set_exception(result.error);
        } else {
            promise.set_value(std::move(result.outcomes));
        }
    });
    return outcome.get();  // rethrows the batch's failure
}

void GroupCommitRecordIngest::ingestAsync(std::vector<IngestItem> items, IngestDone done) {
    Request request;
    request.done = std::move(done);
    if (items.empty()) return answer(request, {});
    try {
        {
            // Before staging photos that would only be thrown away.
            std::lock_guard lock(mutex_);
            if (stopping_) throw StoreError("record ingest is stopped; the host is shutting down");
        }
        request.records.reserve(items.size());
        request.payloads.reserve(items.size());
        // What can be done without the store is done here, on the caller's
        // thread: the writer thread is the one every record waits for.
        const std::int64_t now = nowMillis();
        for (auto& item : items) {
            Record& record = request.records.emplace_back(std::move(item.record));
            if (!item.photo.empty()) {
                request.photos.push_back(blobs_.stage(item.photo));
                record.photoBlob = request.photos.back().sha256();  // stored under its hash: known before it is published
            }
            if (record.receivedTime == 0) record.receivedTime = now;  // so the event says what the row holds
            request.payloads.push_back(recordCreatedPayloadWithoutId(record));
        }
        std::lock_guard lock(mutex_);
        if (stopping_) throw StoreError("record ingest is stopped; the host is shutting down");
        queuedItems_ += request.records.size();
        queue_.push_back(std::move(request));
    } catch (...) {
        return answer(request, IngestResult{{}, std::current_exception()});
    }
    arrived_.notify_one();
}

void GroupCommitRecordIngest::answer(Request& request, IngestResult result) {
    try {
        request.done(std::move(result));
    } catch (const std::exception& e) {
        log().error(std::string("an ingest callback failed: ") + e.what());
    } catch (...) {
        log().error("an ingest callback failed");
    }
}

void GroupCommitRecordIngest::writerLoop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        arrived_.wait(lock, [this] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) return;  // stopping, and everything queued was answered
        awaitCompanions(lock);
        Batch batch = takeBatch();
        lock.unlock();
        commit(batch);
        lock.lock();
    }
}

void GroupCommitRecordIngest::awaitCompanions(std::unique_lock<std::mutex>& lock) {
    // The callers answered by the last batch usually come straight back with
    // their next records; waiting a moment for them turns N syncs into one.
    // A lone caller (last batch: one request) is never kept waiting, and the
    // wait ends as soon as the batch is full.
    // Only photos make the wait pay: each is a file synced on its own, and a
    // batch shares those syncs (on disk, 8 terminals: 20 % more records/s).
    // Without photos a batch is one log sync, and the callers arriving while
    // it runs form the next batch anyway; waiting only added their arrival
    // spread to every answer (8 kept-alive terminals, no photo: p50 1.66 ->
    // 1.10 ms, records/s +15-45 %; 200 terminals: no difference).
    // And it pays only up to what a sync costs: a companion that joins saves
    // one. Where syncing photos is nearly free (tmpfs, a fast SSD's cache)
    // waiting only kept the writer idle while the callers staged their next
    // photos (8 terminals on tmpfs: 3,800-4,200 records/s with the full
    // window, 4,700 without).
    const bool photos = std::any_of(queue_.begin(), queue_.end(), [](const Request& r) { return !r.photos.empty(); });
    if (!photos) return;
    const auto window = std::min<std::chrono::microseconds>(options_.window, photoSyncCost_);
    if (window.count() <= 0) return;
    const auto deadline = std::chrono::steady_clock::now() + window;
    arrived_.wait_until(lock, deadline, [this] {
        return stopping_ || queuedItems_ >= options_.maxBatch || queue_.size() >= lastBatchRequests_;
    });
}

void GroupCommitRecordIngest::notePhotoSyncCost(std::chrono::steady_clock::duration took) {
    // A moving average: one slow sync (a checkpoint of the disk's own) does
    // not decide the next waits alone.
    const auto sample = std::chrono::duration_cast<std::chrono::microseconds>(took);
    photoSyncCost_ = (photoSyncCost_ * 3 + sample) / 4;
}

GroupCommitRecordIngest::Batch GroupCommitRecordIngest::takeBatch() {
    Batch batch;
    std::size_t items = 0;
    // Whole requests only: a caller's items share one outcome. The first
    // request is always taken, however large.
    while (!queue_.empty() && (batch.empty() || items + queue_.front().records.size() <= options_.maxBatch)) {
        items += queue_.front().records.size();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    queuedItems_ -= items;
    lastBatchRequests_ = std::max<std::size_t>(1, batch.size());
    return batch;
}

void GroupCommitRecordIngest::commit(Batch& batch) {
    std::vector<Record> records;
    std::vector<std::string> payloads;
    std::vector<StagedBlob> photos;
    for (auto& request : batch) {
        for (auto& photo : request.photos) photos.push_back(std::move(photo));
        for (auto& record : request.records) records.push_back(std::move(record));
        for (auto& payload : request.payloads) payloads.push_back(std::move(payload));
    }

    std::vector<RecordInsert> inserts;
    try {
        // Photos first, synced: once a row names a blob, the blob is on disk.
        const auto publishing = std::chrono::steady_clock::now();
        blobs_.publishAll(photos);
        if (!photos.empty()) notePhotoSyncCost(std::chrono::steady_clock::now() - publishing);
        // The rows and their record.created events are one unit of work: an
        // event is in the journal if and only if its record is stored.
        store_.atomically([&] {
            inserts = store_.records().insertBatch(records);
            std::vector<Event> events;
            for (std::size_t i = 0; i < records.size(); ++i) {
                if (!inserts[i].created) continue;
                events.push_back(
                    Event{kRecordCreatedTopic, recordCreatedPayloadWithId(inserts[i].id, payloads[i]), "core"});
            }
            bus_.publishAll(std::move(events));
        });
    } catch (...) {
        ++failedBatches_;
        const auto error = std::current_exception();
        {
            HandoffBatch answers;
            for (auto& request : batch) answer(request, IngestResult{{}, error});
        }
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            log().error("storing " + std::to_string(records.size()) + " records failed: " + e.what());
        } catch (...) {
            log().error("storing " + std::to_string(records.size()) + " records failed");
        }
        return;
    }
    ++batches_;

    {
        // Posted when this block ends, together per I/O thread
        // (HandoffBatch): one wake-up of each rather than one per answer,
        // every one of which preempted this thread.
        HandoffBatch answers;
        std::size_t next = 0;
        for (auto& request : batch) {
            std::vector<IngestOutcome> outcomes;
            outcomes.reserve(request.records.size());
            for (std::size_t i = 0; i < request.records.size(); ++i, ++next) {
                outcomes.push_back(IngestOutcome{inserts[next].id, inserts[next].created});
            }
            answer(request, IngestResult{std::move(outcomes), nullptr});
        }
    }

    for (const auto& insert : inserts) {
        if (insert.created) {
            ++created_;
        } else {
            ++duplicates_;
        }
    }
}

} // namespace passway
