#pragma once

#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlRecordRepository.h"

namespace passway {

// The shared record repository, with PostgreSQL's batch insert: a fixed
// number of round trips (unnest arrays) instead of one per record, which is
// what a remote database costs.
class PgRecordRepository : public SqlRecordRepository<PgDialect> {
public:
    using SqlRecordRepository<PgDialect>::SqlRecordRepository;

    std::vector<RecordInsert> insertBatch(const std::vector<Record>& records) override;
};

} // namespace passway
