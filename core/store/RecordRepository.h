#pragma once

#include "model/Page.h"
#include "passway/model/Record.h"

#include <optional>
#include <vector>

namespace passway {

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
};

} // namespace passway
