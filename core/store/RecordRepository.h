#pragma once

#include "model/Page.h"
#include "passway/model/Record.h"

#include <optional>
#include <string>
#include <vector>

namespace passway {

struct RecordPrune {
    int deleted = 0;
    std::vector<std::string> unreferencedPhotos;  // sha256 of blobs
};

class RecordRepository {
public:
    virtual ~RecordRepository() = default;

    // Idempotent on (deviceId, deviceRecordId, identity) (RecordIdentity.h):
    // created=false and the stored id for a retry. When it returns, the record
    // is durable (the acknowledgement to the terminal may be sent).
    virtual RecordInsert insert(const Record& record) = 0;
    // The same for many records in one transaction and one sync.
    virtual std::vector<RecordInsert> insertBatch(const std::vector<Record>& records) = 0;
    virtual std::optional<Record> find(std::int64_t id) = 0;
    // Newest first (deviceTime descending).
    virtual Page<Record> query(const RecordQuery& query) = 0;
    virtual std::int64_t count() = 0;

    // Retention: deletes up to `limit` of the oldest records received before
    // `receivedBefore` (unix ms), in one transaction. Returns how many went
    // and the photos they held that nothing stored refers to any more (no
    // other record, person, credential or face embedding), for the caller
    // to delete from the blob store.
    virtual RecordPrune pruneReceivedBefore(std::int64_t receivedBefore, int limit) = 0;
    // The time the oldest stored record was received; nullopt when none is.
    virtual std::optional<std::int64_t> oldestReceived() = 0;
};

} // namespace passway
