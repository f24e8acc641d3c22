#pragma once

#include "store/OutboxRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp. Reserving ids is each database's
// own (SqliteOutboxRepository, PgOutboxRepository), and so are PostgreSQL's
// claims that let several hosts deliver from one outbox.
template <typename Sql>
class SqlOutboxRepository : public OutboxRepository {
public:
    explicit SqlOutboxRepository(typename Sql::Database& db) : db_(db) {}

    OutboxItem enqueue(const OutboxItem& item) override;
    void enqueueAll(std::vector<OutboxItem>& items) override;
    std::optional<OutboxItem> find(std::int64_t id) override;
    std::vector<OutboxItem> due(std::int64_t now, int limit) override;
    bool markDelivered(std::int64_t id) override;
    bool markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt, bool dead) override;
    bool retry(std::int64_t id) override;
    bool discard(std::int64_t id) override;
    Page<OutboxItem> list(std::optional<OutboxState> state, int offset, int limit) override;
    std::int64_t countInState(OutboxState state) override;

protected:
    static constexpr const char* kColumns =
        "id, origin, method, url, headers, body, idempotency_key, state, attempts, next_attempt_at, last_error, "
        "created_at, updated_at";
    // An item from a row of kColumns.
    static OutboxItem readRow(typename Sql::Statement& row);

    typename Sql::Database& db_;
    // The block of ids reserveId() hands out: [nextReserved_, endReserved_).
    std::int64_t nextReserved_ = 0;
    std::int64_t endReserved_ = 0;

private:
    static std::string select();
    std::optional<OutboxItem> findLocked(std::int64_t id);
};

} // namespace passway
