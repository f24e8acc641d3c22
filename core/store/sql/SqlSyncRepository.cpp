#include "store/sql/SqlSyncRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT device_id, user_id, wanted_version, confirmed_version, removal, last_error_code, last_error, updated_at, "
    "failure, attempts, retry_at "
    "FROM sync_entries";

} // namespace

template <typename Sql>
std::vector<SyncEntry> SqlSyncRepository<Sql>::readAll(typename Sql::Statement& rows) {
    std::vector<SyncEntry> entries;
    while (rows.step()) {
        SyncEntry entry;
        entry.deviceId = rows.int64(0);
        entry.userId = static_cast<std::uint32_t>(rows.int64(1));
        entry.wantedVersion = rows.int64(2);
        entry.confirmedVersion = rows.int64(3);
        entry.removal = rows.boolean(4);
        entry.lastErrorCode = rows.int32(5);
        entry.lastError = rows.text(6);
        entry.updatedAt = rows.int64(7);
        entry.failure = syncFailureFromString(rows.text(8));
        entry.attempts = rows.int32(9);
        entry.retryAt = rows.int64(10);
        entries.push_back(std::move(entry));
    }
    return entries;
}

template <typename Sql>
void SqlSyncRepository<Sql>::wantLocked(const SyncWant& want, std::int64_t now) {
    // The confirmed version is kept: it is what the device holds, whatever is
    // wanted now. wanted_at moves only when the wanted state changes, so
    // re-stating the same want does not push an entry to the back of the queue.
    db_.prepare("INSERT INTO sync_entries (device_id, user_id, wanted_version, removal, wanted_at, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
                "ON CONFLICT (device_id, user_id) DO UPDATE SET "
                "wanted_at = CASE WHEN sync_entries.wanted_version = excluded.wanted_version "
                "            AND sync_entries.removal = excluded.removal "
                "            THEN sync_entries.wanted_at ELSE excluded.wanted_at END, "
                "wanted_version = excluded.wanted_version, removal = excluded.removal, "
                "last_error_code = 0, last_error = '', failure = '', attempts = 0, retry_at = 0, "
                "updated_at = excluded.updated_at")
        .bindAll(want.deviceId, want.userId, want.version, want.removal, now)
        .run();
}

template <typename Sql>
void SqlSyncRepository<Sql>::want(std::int64_t deviceId, std::uint32_t userId, std::int64_t version, bool removal) {
    auto lock = db_.lock();
    wantLocked(SyncWant{deviceId, userId, version, removal}, nowMillis());
}

template <typename Sql>
void SqlSyncRepository<Sql>::wantAll(const std::vector<SyncWant>& wants) {
    if (wants.empty()) return;
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (const auto& want : wants) wantLocked(want, now);
    transaction.commit();
}

template <typename Sql>
void SqlSyncRepository<Sql>::confirmLocked(const SyncConfirmation& c, std::int64_t now) {
    // MAX: a late confirmation of an older version never moves back what the
    // device is known to hold; a newer wanted version stays pending.
    db_.prepare(std::string("UPDATE sync_entries SET confirmed_version = ") + Sql::kGreatest +
                "(confirmed_version, ?), last_error_code = 0, "
                "last_error = '', failure = '', attempts = 0, retry_at = 0, updated_at = ? "
                "WHERE device_id = ? AND user_id = ?")
        .bindAll(c.version, now, c.deviceId, c.userId)
        .run();
}

template <typename Sql>
void SqlSyncRepository<Sql>::confirm(std::int64_t deviceId, std::uint32_t userId, std::int64_t version) {
    auto lock = db_.lock();
    confirmLocked(SyncConfirmation{deviceId, userId, version}, nowMillis());
}

template <typename Sql>
void SqlSyncRepository<Sql>::confirmAll(const std::vector<SyncConfirmation>& confirmations) {
    if (confirmations.empty()) return;
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (const auto& c : confirmations) confirmLocked(c, now);
    transaction.commit();
}

template <typename Sql>
void SqlSyncRepository<Sql>::fail(std::int64_t deviceId, std::uint32_t userId, int code, const std::string& message) {
    auto lock = db_.lock();
    db_.prepare("UPDATE sync_entries SET last_error_code = ?, last_error = ?, failure = 'permanent', "
                "attempts = attempts + 1, retry_at = 0, updated_at = ? WHERE device_id = ? AND user_id = ?")
        .bindAll(code, message, nowMillis(), deviceId, userId)
        .run();
}

template <typename Sql>
void SqlSyncRepository<Sql>::failTransient(std::int64_t deviceId, std::uint32_t userId, int code,
                                         const std::string& message, std::int64_t initialMs, std::int64_t maxMs) {
    auto lock = db_.lock();
    // The delay doubles with each failure in a row (the shift is capped so
    // it cannot overflow), then the cap applies.
    db_.prepare(std::string("UPDATE sync_entries SET last_error_code = ?1, last_error = ?2, failure = 'transient', "
                            "retry_at = ?3 + ") +
                Sql::kLeast + "(?5, ?4 * (CAST(1 AS BIGINT) << CAST(" + Sql::kLeast +
                "(attempts, 30) AS INTEGER))), attempts = attempts + 1, updated_at = ?3 "
                "WHERE device_id = ?6 AND user_id = ?7")
        .bindAll(code, message, nowMillis(), initialMs, maxMs, deviceId, userId)
        .run();
}

template <typename Sql>
std::size_t SqlSyncRepository<Sql>::retry(std::int64_t deviceId, std::optional<std::uint32_t> userId) {
    auto lock = db_.lock();
    // failure stays 'transient' with a retry time of now: the entry is due,
    // and its last error is still shown until an attempt replaces it.
    auto update = db_.prepare("UPDATE sync_entries SET failure = 'transient', retry_at = 0, attempts = 0, "
                              "updated_at = ?1 WHERE device_id = ?2 AND failure <> '' "
                              "AND confirmed_version < wanted_version AND (?3 < 0 OR user_id = ?3)");
    update.bindAll(nowMillis(), deviceId, userId ? static_cast<std::int64_t>(*userId) : std::int64_t{-1});
    update.run();
    return static_cast<std::size_t>(db_.changes());
}

template <typename Sql>
std::vector<SyncEntry> SqlSyncRepository<Sql>::pendingFor(std::int64_t deviceId, bool removals, int limit) {
    auto lock = db_.lock();
    // The WHERE repeats the partial index's condition so the planner can use it.
    auto rows = db_.prepare(std::string(kSelect) +
                            " WHERE device_id = ? AND removal = ? AND confirmed_version < wanted_version"
                            " ORDER BY wanted_at, user_id LIMIT ?");
    rows.bindAll(deviceId, removals, limit > 0 ? limit : 0);
    return readAll(rows);
}

template <typename Sql>
std::vector<SyncEntry> SqlSyncRepository<Sql>::forDevice(std::int64_t deviceId) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " WHERE device_id = ? ORDER BY user_id");
    rows.bind(1, deviceId);
    return readAll(rows);
}

template <typename Sql>
std::vector<SyncEntry> SqlSyncRepository<Sql>::forPerson(std::uint32_t userId) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " WHERE user_id = ? ORDER BY device_id");
    rows.bind(1, userId);
    return readAll(rows);
}

template <typename Sql>
std::int64_t SqlSyncRepository<Sql>::countPending() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM sync_entries WHERE confirmed_version < wanted_version");
    row.step();
    return row.int64(0);
}

template <typename Sql>
std::optional<std::int64_t> SqlSyncRepository<Sql>::nextRetryAt(std::int64_t deviceId) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT MIN(retry_at) FROM sync_entries WHERE device_id = ? AND failure = 'transient' "
                           "AND retry_at > 0 AND confirmed_version < wanted_version");
    row.bind(1, deviceId);
    if (!row.step() || row.isNull(0)) return std::nullopt;
    return row.int64(0);
}

template <typename Sql>
void SqlSyncRepository<Sql>::recordInventory(const InventoryEntry& entry) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO device_inventory (device_id, user_id, present, summary, reported_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device_id, user_id) DO UPDATE SET "
                "present = excluded.present, summary = excluded.summary, reported_at = excluded.reported_at")
        .bindAll(entry.deviceId, entry.userId, entry.present, entry.summary,
                 entry.reportedAt > 0 ? entry.reportedAt : nowMillis())
        .run();
}

template <typename Sql>
std::vector<InventoryEntry> SqlSyncRepository<Sql>::inventoryFor(std::int64_t deviceId) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT device_id, user_id, present, summary, reported_at FROM device_inventory "
                            "WHERE device_id = ? ORDER BY user_id");
    rows.bind(1, deviceId);
    std::vector<InventoryEntry> out;
    while (rows.step()) {
        InventoryEntry e;
        e.deviceId = rows.int64(0);
        e.userId = static_cast<std::uint32_t>(rows.int64(1));
        e.present = rows.boolean(2);
        e.summary = rows.text(3);
        e.reportedAt = rows.int64(4);
        out.push_back(std::move(e));
    }
    return out;
}

template <typename Sql>
void SqlSyncRepository<Sql>::clearInventory(std::int64_t deviceId) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM device_inventory WHERE device_id = ?").bindAll(deviceId).run();
}

template class SqlSyncRepository<SqliteDialect>;
template class SqlSyncRepository<PgDialect>;

} // namespace passway
