#pragma once

#include "passway/model/Record.h"

#include <string>
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
};

} // namespace passway
