#pragma once

#include "passway/model/Record.h"

#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace passway {

// One record as a plugin hands it over, with its photo bytes (empty: none).
struct IngestItem {
    Record record;          // photoBlob is filled by the ingest when `photo` is not empty
    std::string photo;      // JPEG bytes as received
};

// What became of one item.
struct IngestOutcome {
    std::int64_t recordId = 0;
    bool created = false;   // false: (device, deviceRecordId, identity) was stored before; nothing published again
};

// What an asynchronous ingest reports: the outcomes of the items, in their
// order, or why none of them was stored (a HostError for a plugin; the
// host's own intake gives StoreError). Exactly one of the two is set.
struct IngestResult {
    std::vector<IngestOutcome> outcomes;
    std::exception_ptr error;
};
using IngestDone = std::function<void(IngestResult)>;

// The path every terminal record takes into Passway. When ingest() returns,
// the records and their photos are on disk: the plugin may acknowledge them
// to the terminal. Records that arrive from many connections within a few
// milliseconds share one transaction and one sync (group commit), so a busy
// site costs one fsync per batch, not per record. New records are published
// as `record.created` after they are durable; duplicates are not.
// The items of one call are stored together; the same (device,
// deviceRecordId, identity) twice in one call is stored once, the second answered
// created=false with the first one's id.
// Safe to call from any thread; blocks the caller until its items are durable.
// Throws HostError (Unavailable; the host's own intake: StoreError) when the store cannot take them (the plugin answers with
// its protocol's error and the terminal retries).
class RecordIngest {
public:
    virtual ~RecordIngest() = default;
    virtual std::vector<IngestOutcome> ingest(std::vector<IngestItem> items) = 0;

    IngestOutcome ingest(IngestItem item) {
        std::vector<IngestItem> one;
        one.push_back(std::move(item));
        return ingest(std::move(one)).front();
    }

    // The same intake without holding the caller's thread until the items
    // are durable: `done` is called exactly once, when ingest() would have
    // returned or thrown, from the intake's writer thread (or from the
    // caller's, when the items are refused before they are queued). It runs
    // where every other record waits: keep it short (answer the terminal),
    // and never call ingest() from it. What it throws is logged and dropped.
    // With it a request handler answers later and gives its worker back at
    // once, so a burst of uploads needs no thread per waiting terminal.
    // (Added after API 4 at the end of this class's table, additively.)
    virtual void ingestAsync(std::vector<IngestItem> items, IngestDone done) {
        IngestResult result;
        try {
            result.outcomes = ingest(std::move(items));
        } catch (...) {
            result.error = std::current_exception();
        }
        done(std::move(result));
    }
};

} // namespace passway
