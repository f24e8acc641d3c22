#pragma once

#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlOutboxRepository.h"

#include <mutex>

namespace passway {

// The shared outbox, with ids reserved through PostgreSQL's sequence and
// claims that let several hosts deliver from one outbox (SKIP LOCKED).
class PgOutboxRepository : public SqlOutboxRepository<PgDialect> {
public:
    using SqlOutboxRepository<PgDialect>::SqlOutboxRepository;

    std::int64_t reserveId() override;
    std::vector<OutboxItem> claimDue(std::int64_t now, int limit, std::int64_t leaseUntil) override;

private:
    // Guards the reserved block: unlike SQLite's, the database lock does not
    // keep other threads out.
    std::mutex reserveMutex_;
};

} // namespace passway
