#pragma once

#include "store/OutboxRepository.h"

#include <mutex>

namespace passway {

class PgDatabase;

class PgOutboxRepository : public OutboxRepository {
public:
    explicit PgOutboxRepository(PgDatabase& db) : db_(db) {}

    OutboxItem enqueue(const OutboxItem& item) override;
    std::int64_t reserveId() override;
    void enqueueAll(std::vector<OutboxItem>& items) override;
    std::optional<OutboxItem> find(std::int64_t id) override;
    std::vector<OutboxItem> due(std::int64_t now, int limit) override;
    std::vector<OutboxItem> claimDue(std::int64_t now, int limit, std::int64_t leaseUntil) override;
    bool markDelivered(std::int64_t id) override;
    bool markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt, bool dead) override;
    bool retry(std::int64_t id) override;
    bool discard(std::int64_t id) override;
    Page<OutboxItem> list(std::optional<OutboxState> state, int offset, int limit) override;
    std::int64_t countInState(OutboxState state) override;

private:
    std::optional<OutboxItem> findLocked(std::int64_t id);

    PgDatabase& db_;
    // The block of reserved ids, under reserveMutex_: unlike SQLite's, the
    // database lock does not keep other threads out.
    std::mutex reserveMutex_;
    std::int64_t nextReserved_ = 0;
    std::int64_t endReserved_ = 0;
};

} // namespace passway
