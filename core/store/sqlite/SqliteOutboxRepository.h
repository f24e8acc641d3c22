#pragma once

#include "store/sql/SqlOutboxRepository.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

// The shared outbox, with ids reserved through SQLite's sqlite_sequence.
class SqliteOutboxRepository : public SqlOutboxRepository<SqliteDialect> {
public:
    using SqlOutboxRepository<SqliteDialect>::SqlOutboxRepository;

    // Under the database lock (which keeps every other thread out here).
    std::int64_t reserveId() override;
};

} // namespace passway
