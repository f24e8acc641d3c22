#pragma once

#include "passway/model/Record.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace passway {

// The bookkeeping of one group-committed batch of records on PostgreSQL,
// so that the batch costs a fixed number of round trips: it says which
// (device, number) pairs to look up, decides from the rows found which
// records repeat a stored one (the same rules as SqliteRecordRepository:
// same identity, or a pre-identity row with the same time and person) or an
// earlier record of the same batch, and lays the new ones out as columns
// for one multi-row insert.
class PgRecordBatch {
public:
    struct Stored {
        std::int64_t id;
        std::int64_t deviceId;
        std::string key;
        std::string identity;
        std::int64_t deviceTime;
        std::optional<std::int64_t> userId;
    };
    using Columns = std::array<std::string, 15>;  // array literals, in the INSERT's column order

    explicit PgRecordBatch(const std::vector<Record>& records);

    // The (device, number) pairs to look up, as two parallel arrays.
    std::string lookupDevices() const;
    std::string lookupKeys() const;
    void addStored(Stored row);

    // Decides each record; returns how many are new (ids to allocate).
    std::size_t resolve();
    // The new records as columns, with the allocated ids in order.
    Columns columns(const std::vector<std::int64_t>& ids, std::int64_t now);
    // One result per record, in the batch's order (after columns()).
    std::vector<RecordInsert> results() const;

private:
    struct Decision {
        std::optional<std::int64_t> storedId;  // repeats a stored row
        std::size_t fresh = 0;                 // else: the index among the new records
        bool created = false;                  // the first of its kind in the batch
    };

    const std::vector<Record>& records_;
    std::vector<std::string> identities_;
    std::map<std::pair<std::int64_t, std::string>, std::vector<Stored>> stored_;
    std::vector<Decision> decisions_;
    std::vector<std::int64_t> ids_;
};

} // namespace passway
