#include "store/sqlite/SqliteRecordRepository.h"

#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteTransaction.h"
#include "store/sqlite/SqliteWhere.h"
#include "passway/Clock.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, device_id, device_record_id, user_id, device_time, received_time, verify_type, direction, "
    "temperature, photo_blob, result, reason, raw FROM records";

Record readRow(SqliteStatement& row) {
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
    return record;
}

} // namespace

RecordInsert SqliteRecordRepository::insertLocked(const Record& record, std::int64_t now) {
    // An empty device record id is stored as NULL: no idempotency key, and
    // NULLs never collide in UNIQUE (device_id, device_record_id).
    std::optional<std::string> key;
    if (!record.deviceRecordId.empty()) key = record.deviceRecordId;
    {
        // DO NOTHING only for this one constraint: any other violation
        // (NOT NULL, CHECK) still fails loudly.
        auto insert = db_.prepare(
            "INSERT INTO records (device_id, device_record_id, user_id, device_time, received_time, verify_type, "
            "direction, temperature, photo_blob, result, reason, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (device_id, device_record_id) DO NOTHING RETURNING id");
        insert.bindAll(record.deviceId, key, record.userId, record.deviceTime,
                       record.receivedTime != 0 ? record.receivedTime : now, record.verifyType, record.direction,
                       record.temperature, record.photoBlob, record.result, record.reason, record.raw);
        if (insert.step()) {
            const RecordInsert created{insert.int64(0), true};
            insert.run();  // let RETURNING finish the statement
            return created;
        }
    }
    // The terminal sent it before (a retry): answer with the stored record.
    auto existing = db_.prepare("SELECT id FROM records WHERE device_id = ? AND device_record_id = ?");
    existing.bindAll(record.deviceId, *key);
    existing.step();
    return RecordInsert{existing.int64(0), false};
}

RecordInsert SqliteRecordRepository::insert(const Record& record) {
    auto lock = db_.lock();
    SqliteTransaction transaction(db_);
    const RecordInsert result = insertLocked(record, nowMillis());
    transaction.commit();  // with synchronous=FULL the WAL is synced here: durable on return
    return result;
}

std::vector<RecordInsert> SqliteRecordRepository::insertBatch(const std::vector<Record>& records) {
    std::vector<RecordInsert> results;
    if (records.empty()) return results;
    results.reserve(records.size());
    auto lock = db_.lock();
    // Group commit: one transaction, so one sync for the whole batch. A
    // duplicate inside the batch meets the row inserted just before it.
    SqliteTransaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (const auto& record : records) results.push_back(insertLocked(record, now));
    transaction.commit();
    return results;
}

std::optional<Record> SqliteRecordRepository::find(std::int64_t id) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

Page<Record> SqliteRecordRepository::query(const RecordQuery& query) {
    SqliteWhere where;
    if (query.from) where.add("device_time >= ?", {*query.from});
    if (query.to) where.add("device_time < ?", {*query.to});
    if (query.deviceId) where.add("device_id = ?", {*query.deviceId});
    if (query.userId) where.add("user_id = ?", {static_cast<std::int64_t>(*query.userId)});
    if (!query.verifyType.empty()) where.add("verify_type = ?", {query.verifyType});
    if (!query.result.empty()) where.add("result = ?", {query.result});

    auto lock = db_.lock();
    Page<Record> page;
    {
        auto total = db_.prepare("SELECT COUNT(*) FROM records" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    // id breaks ties between records of the same millisecond, so paging is stable.
    auto rows = db_.prepare(std::string(kSelect) + where.sql() + " ORDER BY device_time DESC, id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), query.offset, query.limit);
    while (rows.step()) page.items.push_back(readRow(rows));
    return page;
}

std::int64_t SqliteRecordRepository::count() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM records");
    row.step();
    return row.int64(0);
}

} // namespace passway
