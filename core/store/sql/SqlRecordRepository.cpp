#include "store/sql/SqlRecordRepository.h"

#include "passway/Clock.h"
#include "store/RecordIdentity.h"
#include "store/postgresql/PgDialect.h"
#include "store/sql/BlobInUse.h"
#include "store/sql/SqlWhere.h"
#include "store/sqlite/SqliteDialect.h"

#include <algorithm>

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, device_id, device_record_id, user_id, device_time, received_time, verify_type, direction, "
    "temperature, photo_blob, result, reason, raw, card FROM records";

template <typename Statement>
Record readRow(Statement& row) {
    Record record;
    record.id = row.int64(0);
    record.deviceId = row.int64(1);
    record.deviceRecordId = row.text(2);  // NULL reads as ""
    if (!row.isNull(3)) record.userId = static_cast<std::uint32_t>(row.int64(3));
    record.deviceTime = row.int64(4);
    record.receivedTime = row.int64(5);
    record.verifyType = row.text(6);
    record.direction = row.text(7);
    record.temperature = row.optionalReal(8);
    record.photoBlob = row.text(9);
    record.result = row.text(10);
    record.reason = row.text(11);
    record.raw = row.text(12);
    record.card = row.text(13);
    return record;
}

} // namespace

template <typename Sql>
std::optional<std::int64_t> SqlRecordRepository<Sql>::storedLocked(const Record& record, const std::string& key,
                                                                 const std::string& identity) {
    // Every row under this number: usually none, one after a retry, more
    // when the terminal numbered its records again.
    auto rows = db_.prepare("SELECT id, identity, device_time, user_id FROM records "
                            "WHERE device_id = ? AND device_record_id = ?");
    rows.bindAll(record.deviceId, key);
    std::optional<std::int64_t> legacy;
    while (rows.step()) {
        if (rows.text(1) == identity) return rows.int64(0);
        // A row stored before identities existed (schema 4): the same record
        // when its time and person match, so a retry across the upgrade is
        // still stored once.
        const std::optional<std::uint32_t> user =
            rows.isNull(3) ? std::nullopt : std::optional(static_cast<std::uint32_t>(rows.int64(3)));
        if (rows.text(1).empty() && rows.int64(2) == record.deviceTime && user == record.userId) legacy = rows.int64(0);
    }
    return legacy;
}

template <typename Sql>
RecordInsert SqlRecordRepository<Sql>::insertLocked(const Record& record, std::int64_t now) {
    // An empty device record id is stored as NULL: no idempotency key, and
    // NULLs never collide in UNIQUE (device_id, device_record_id, identity).
    std::optional<std::string> key;
    if (!record.deviceRecordId.empty()) key = record.deviceRecordId;
    const std::string identity = RecordIdentity::of(record);
    if (key) {
        // The terminal sent it before (a retry): answer with the stored record.
        if (const auto stored = storedLocked(record, *key, identity)) return RecordInsert{*stored, false};
    }
    // Checked above under the store's write lock (a transaction takes it on
    // both databases), so no conflict can happen; a constraint violation
    // (NOT NULL, CHECK, UNIQUE) fails loudly.
    const std::int64_t id = Sql::insertedId(
        db_, db_.prepare(std::string(
                             "INSERT INTO records (device_id, device_record_id, identity, user_id, card, device_time, "
                             "received_time, verify_type, direction, temperature, photo_blob, result, reason, raw) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") +
                         Sql::kReturningId)
                 .bindAll(record.deviceId, key, identity, record.userId, record.card, record.deviceTime,
                          record.receivedTime != 0 ? record.receivedTime : now, record.verifyType, record.direction,
                          record.temperature, record.photoBlob, record.result, record.reason, record.raw));
    return RecordInsert{id, true};
}

template <typename Sql>
RecordInsert SqlRecordRepository<Sql>::insert(const Record& record) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    const RecordInsert result = insertLocked(record, nowMillis());
    transaction.commit();  // with synchronous=FULL the WAL is synced here: durable on return
    return result;
}

template <typename Sql>
std::vector<RecordInsert> SqlRecordRepository<Sql>::insertBatch(const std::vector<Record>& records) {
    std::vector<RecordInsert> results;
    if (records.empty()) return results;
    results.reserve(records.size());
    auto lock = db_.lock();
    // Group commit: one transaction, so one sync for the whole batch. A
    // duplicate inside the batch meets the row inserted just before it.
    // (PgRecordRepository saves the round trips of a record each.)
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (const auto& record : records) results.push_back(insertLocked(record, now));
    transaction.commit();
    return results;
}

template <typename Sql>
std::optional<Record> SqlRecordRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
Page<Record> SqlRecordRepository<Sql>::query(const RecordQuery& query) {
    SqlWhere where;
    if (query.from) where.add("device_time >= ?", {*query.from});
    if (query.to) where.add("device_time < ?", {*query.to});
    if (query.deviceId) where.add("device_id = ?", {*query.deviceId});
    if (query.userId) where.add("user_id = ?", {static_cast<std::int64_t>(*query.userId)});
    if (!query.verifyType.empty()) where.add("verify_type = ?", {query.verifyType});
    if (!query.result.empty()) where.add("result = ?", {query.result});

    auto& db = Sql::forReading(db_);
    auto lock = db.lock();
    Page<Record> page;
    {
        auto total = db.prepare("SELECT COUNT(*) FROM records" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    // id breaks ties between records of the same millisecond, so paging is stable.
    auto rows = db.prepare(std::string(kSelect) + where.sql() + " ORDER BY device_time DESC, id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), query.offset, query.limit);
    while (rows.step()) page.items.push_back(readRow(rows));
    return page;
}

template <typename Sql>
std::int64_t SqlRecordRepository<Sql>::count() {
    auto& db = Sql::forReading(db_);
    auto lock = db.lock();
    auto row = db.prepare("SELECT COUNT(*) FROM records");
    row.step();
    return row.int64(0);
}

template <typename Sql>
RecordPrune SqlRecordRepository<Sql>::pruneReceivedBefore(std::int64_t receivedBefore, int limit) {
    RecordPrune prune;
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    std::vector<std::string> photos;
    {
        // Oldest first by received time: what a retention period is about
        // (a terminal with a wrong clock must not keep or lose records early).
        auto rows = db_.prepare("DELETE FROM records WHERE id IN (SELECT id FROM records WHERE received_time < ? "
                                "ORDER BY received_time, id LIMIT ?) RETURNING photo_blob");
        rows.bindAll(receivedBefore, limit);
        while (rows.step()) {
            ++prune.deleted;
            if (!rows.text(0).empty()) photos.push_back(rows.text(0));
        }
    }
    std::sort(photos.begin(), photos.end());
    photos.erase(std::unique(photos.begin(), photos.end()), photos.end());
    for (const auto& photo : photos) {
        auto used = db_.prepare(kBlobInUseSql);
        used.bind(1, photo);
        used.step();
        if (!used.boolean(0)) prune.unreferencedPhotos.push_back(photo);
    }
    transaction.commit();
    return prune;
}

template <typename Sql>
std::optional<std::int64_t> SqlRecordRepository<Sql>::oldestReceived() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT MIN(received_time) FROM records");
    row.step();
    return row.optionalInt64(0);
}

template class SqlRecordRepository<SqliteDialect>;
template class SqlRecordRepository<PgDialect>;

} // namespace passway
