#pragma once

#include "store/SyncRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlSyncRepository : public SyncRepository {
public:
    explicit SqlSyncRepository(typename Sql::Database& db) : db_(db) {}

    void want(std::int64_t deviceId, std::uint32_t userId, std::int64_t version, bool removal) override;
    void wantAll(const std::vector<SyncWant>& wants) override;
    void confirm(std::int64_t deviceId, std::uint32_t userId, std::int64_t version) override;
    void confirmAll(const std::vector<SyncConfirmation>& confirmations) override;
    void fail(std::int64_t deviceId, std::uint32_t userId, int code, const std::string& message) override;
    void failTransient(std::int64_t deviceId, std::uint32_t userId, int code, const std::string& message,
                       std::int64_t initialMs, std::int64_t maxMs) override;
    std::size_t retry(std::int64_t deviceId, std::optional<std::uint32_t> userId) override;
    std::vector<SyncEntry> pendingFor(std::int64_t deviceId, bool removals, int limit) override;
    std::vector<SyncEntry> forDevice(std::int64_t deviceId) override;
    std::vector<SyncEntry> forPerson(std::uint32_t userId) override;
    std::int64_t countPending() override;
    std::optional<std::int64_t> nextRetryAt(std::int64_t deviceId) override;
    void recordInventory(const InventoryEntry& entry) override;
    std::vector<InventoryEntry> inventoryFor(std::int64_t deviceId) override;
    void clearInventory(std::int64_t deviceId) override;

private:
    static std::vector<SyncEntry> readAll(typename Sql::Statement& rows);
    void confirmLocked(const SyncConfirmation& confirmation, std::int64_t now);
    void wantLocked(const SyncWant& want, std::int64_t now);

    typename Sql::Database& db_;
};

} // namespace passway
