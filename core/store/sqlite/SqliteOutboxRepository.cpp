#include "store/sqlite/SqliteOutboxRepository.h"

#include "store/StoreError.h"

namespace passway {

std::int64_t SqliteOutboxRepository::reserveId() {
    constexpr std::int64_t kBlock = 1000;
    auto lock = db_.lock();
    if (nextReserved_ < endReserved_) return nextReserved_++;
    // A rolled-back unit of work would take the reservation with it while
    // this object still believed in it.
    if (db_.transactionDepth() > 0) throw StoreError("outbox: ids cannot be reserved inside a unit of work");
    // AUTOINCREMENT never gives an id at or below sqlite_sequence's value, so
    // raising it by a block keeps the block for us, across restarts too.
    SqliteTransaction transaction(db_);
    std::int64_t last = 0;
    {
        auto row = db_.prepare("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), "
                               "COALESCE((SELECT MAX(id) FROM outbox), 0))");
        row.step();
        last = row.int64(0);
    }
    db_.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox'").bind(1, last + kBlock).run();
    if (db_.changes() == 0) {
        db_.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").bind(1, last + kBlock).run();
    }
    transaction.commit();
    nextReserved_ = last + 1;
    endReserved_ = last + kBlock + 1;
    return nextReserved_++;
}

} // namespace passway
