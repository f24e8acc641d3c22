#include "store/postgresql/PgOutboxRepository.h"

#include "store/StoreError.h"

#include <algorithm>

namespace passway {

std::int64_t PgOutboxRepository::reserveId() {
    constexpr std::int64_t kBlock = 1000;
    std::lock_guard reserving(reserveMutex_);
    auto lock = db_.lock();
    if (nextReserved_ < endReserved_) return nextReserved_++;
    // A rolled-back unit of work would take the reservation with it while
    // this object still believed in it.
    if (db_.transactionDepth() > 0) throw StoreError("outbox: ids cannot be reserved inside a unit of work");
    // The sequence never gives an id at or below its value, so raising it by
    // a block keeps the block for us, across restarts and for other hosts too.
    // setval is not rolled back: a failure below leaves a gap, never a reuse.
    PgTransaction transaction(db_);
    std::int64_t last = 0;
    {
        auto row = db_.prepare("SELECT GREATEST((SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                               "FROM outbox_id_seq), COALESCE((SELECT MAX(id) FROM outbox), 0))");
        row.step();
        last = row.int64(0);
    }
    db_.prepare("SELECT setval(pg_get_serial_sequence('outbox', 'id'), ?)").bind(1, last + kBlock).run();
    transaction.commit();
    nextReserved_ = last + 1;
    endReserved_ = last + kBlock + 1;
    return nextReserved_++;
}

std::vector<OutboxItem> PgOutboxRepository::claimDue(std::int64_t now, int limit, std::int64_t leaseUntil) {
    auto lock = db_.lock();
    // SKIP LOCKED: a host claiming at the same moment takes other items, it
    // does not wait for these. The claim is the next attempt moved to the
    // lease's end; delivered or failed, the item is written again before.
    auto rows = db_.prepare(
        "UPDATE outbox SET next_attempt_at = ? WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND "
        "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " +
        std::string(kColumns));
    rows.bindAll(leaseUntil, now, limit > 0 ? limit : 0);
    std::vector<OutboxItem> items;
    while (rows.step()) items.push_back(readRow(rows));
    std::sort(items.begin(), items.end(), [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
    return items;
}

} // namespace passway
