#include "store/postgresql/PgRecordRepository.h"

#include "store/postgresql/PgRecordBatch.h"
#include "passway/Clock.h"

namespace passway {

std::vector<RecordInsert> PgRecordRepository::insertBatch(const std::vector<Record>& records) {
    std::vector<RecordInsert> results;
    if (records.empty()) return results;
    results.reserve(records.size());
    auto lock = db_.lock();
    // Group commit: one transaction and a fixed number of round trips for the
    // whole batch (the stored rows under its numbers, the new ids, one
    // multi-row insert), however many records it holds.
    PgTransaction transaction(db_);
    const std::int64_t now = nowMillis();
    PgRecordBatch batch(records);
    {
        auto stored = db_.prepare("SELECT r.id, r.device_id, r.device_record_id, r.identity, r.device_time, r.user_id "
                                  "FROM records r JOIN unnest(?::bigint[], ?::text[]) AS k (device_id, key) "
                                  "ON r.device_id = k.device_id AND r.device_record_id = k.key");
        stored.bindAll(batch.lookupDevices(), batch.lookupKeys());
        while (stored.step()) {
            batch.addStored(PgRecordBatch::Stored{stored.int64(0), stored.int64(1), stored.text(2), stored.text(3),
                                                  stored.int64(4), stored.optionalInt64(5)});
        }
    }
    const std::size_t fresh = batch.resolve();
    if (fresh > 0) {
        std::vector<std::int64_t> ids;
        {
            auto next = db_.prepare("SELECT nextval(pg_get_serial_sequence('records', 'id')) "
                                    "FROM generate_series(1, ?)");
            next.bind(1, static_cast<std::int64_t>(fresh));
            while (next.step()) ids.push_back(next.int64(0));
        }
        const PgRecordBatch::Columns columns = batch.columns(ids, now);
        auto insert = db_.prepare(
            "INSERT INTO records (id, device_id, device_record_id, identity, user_id, card, device_time, "
            "received_time, verify_type, direction, temperature, photo_blob, result, reason, raw) "
            "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], "
            "?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[])");
        int index = 0;
        for (const auto& column : columns) insert.bind(++index, column);
        insert.run();
    }
    transaction.commit();
    return batch.results();
}

} // namespace passway
