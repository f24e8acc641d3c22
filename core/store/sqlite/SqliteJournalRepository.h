#pragma once

#include "store/sql/SqlJournalRepository.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

// The shared journal, with "last" kept by sqlite_sequence and payloads
// searched with json_extract. SQLite's journal has no host column: a SQLite
// host is a cluster of one.
class SqliteJournalRepository : public SqlJournalRepository<SqliteDialect> {
public:
    explicit SqliteJournalRepository(SqliteDatabase& db) : SqlJournalRepository(db, /*hostColumn=*/false) {}

    std::int64_t prune(std::int64_t upTo, std::int64_t before) override;

protected:
    std::int64_t insertLocked(const JournalEntry& entry) override;
    std::int64_t lastSeqLocked() override;
    SqliteStatement aboutRecordLocked(std::int64_t recordId, std::int64_t since) override;
};

} // namespace passway
