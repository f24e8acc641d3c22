#pragma once

#include "store/RecordRepository.h"

#include <optional>
#include <string>

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp. PgRecordRepository inserts
// batches its own way.
template <typename Sql>
class SqlRecordRepository : public RecordRepository {
public:
    explicit SqlRecordRepository(typename Sql::Database& db) : db_(db) {}

    RecordInsert insert(const Record& record) override;
    std::vector<RecordInsert> insertBatch(const std::vector<Record>& records) override;
    std::optional<Record> find(std::int64_t id) override;
    Page<Record> query(const RecordQuery& query) override;
    std::int64_t count() override;
    RecordPrune pruneReceivedBefore(std::int64_t receivedBefore, int limit) override;
    std::optional<std::int64_t> oldestReceived() override;

protected:
    // Inside a transaction, with the database lock held.
    RecordInsert insertLocked(const Record& record, std::int64_t now);
    // The id of the stored record this one repeats (same number, same identity).
    std::optional<std::int64_t> storedLocked(const Record& record, const std::string& key, const std::string& identity);

    typename Sql::Database& db_;
};

} // namespace passway
