#include "store/sqlite/SqliteOutboxRepository.h"

#include "store/StoreError.h"
#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteTransaction.h"
#include "store/sql/SqlWhere.h"
#include "passway/Clock.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, origin, method, url, headers, body, idempotency_key, state, attempts, next_attempt_at, last_error, "
    "created_at, updated_at FROM outbox";

OutboxItem readRow(SqliteStatement& row) {
    OutboxItem item;
    item.id = row.int64(0);
    item.origin = row.text(1);
    item.method = row.text(2);
    item.url = row.text(3);
    item.headers = row.text(4);
    item.body = row.text(5);
    item.idempotencyKey = row.text(6);
    item.state = outboxStateFromString(row.text(7));
    item.attempts = row.int32(8);
    item.nextAttemptAt = row.int64(9);
    item.lastError = row.text(10);
    item.createdAt = row.int64(11);
    item.updatedAt = row.int64(12);
    return item;
}

} // namespace

std::optional<OutboxItem> SqliteOutboxRepository::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

OutboxItem SqliteOutboxRepository::enqueue(const OutboxItem& item) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    // A new item is pending with no attempts, whatever the caller's copy says.
    db_.prepare("INSERT INTO outbox (origin, method, url, headers, body, idempotency_key, state, attempts, "
                "next_attempt_at, last_error, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?)")
        .bindAll(item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                 item.nextAttemptAt != 0 ? item.nextAttemptAt : now, now, now)
        .run();
    return *findLocked(db_.lastInsertRowId());
}

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

void SqliteOutboxRepository::enqueueAll(std::vector<OutboxItem>& items) {
    if (items.empty()) return;
    auto lock = db_.lock();
    SqliteTransaction transaction(db_);
    const std::int64_t now = nowMillis();
    auto insert = db_.prepare("INSERT INTO outbox (id, origin, method, url, headers, body, idempotency_key, state, "
                              "attempts, next_attempt_at, last_error, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?)");
    for (auto& item : items) {
        const std::optional<std::int64_t> id = item.id != 0 ? std::optional<std::int64_t>(item.id) : std::nullopt;
        if (item.nextAttemptAt == 0) item.nextAttemptAt = now;
        insert.bindAll(id, item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                       item.nextAttemptAt, now, now);
        insert.run();
        insert.reset();
        item.id = db_.lastInsertRowId();
        item.state = OutboxState::Pending;
        item.attempts = 0;
        item.createdAt = item.updatedAt = now;
    }
    transaction.commit();
}

std::optional<OutboxItem> SqliteOutboxRepository::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

std::vector<OutboxItem> SqliteOutboxRepository::due(std::int64_t now, int limit) {
    auto lock = db_.lock();
    // Longest waiting first; the partial index outbox_due serves this order.
    auto rows = db_.prepare(std::string(kSelect) +
                            " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    rows.bindAll(now, limit > 0 ? limit : 0);
    std::vector<OutboxItem> items;
    while (rows.step()) items.push_back(readRow(rows));
    return items;
}

bool SqliteOutboxRepository::markDelivered(std::int64_t id) {
    auto lock = db_.lock();
    // Only a pending item: one an operator discarded or declared dead while
    // it was in flight keeps that decision.
    db_.prepare("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = '', updated_at = ? "
                "WHERE id = ? AND state = 'pending'")
        .bindAll(nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

bool SqliteOutboxRepository::markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt,
                                               bool dead) {
    auto lock = db_.lock();
    db_.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ?, "
                "updated_at = ? WHERE id = ? AND state = 'pending'")
        .bindAll(error, nextAttemptAt, dead ? "dead" : "pending", nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

bool SqliteOutboxRepository::retry(std::int64_t id) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    db_.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state IN ('pending', 'dead')")
        .bindAll(now, now, id)
        .run();
    return db_.changes() > 0;
}

bool SqliteOutboxRepository::discard(std::int64_t id) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM outbox WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

Page<OutboxItem> SqliteOutboxRepository::list(std::optional<OutboxState> state, int offset, int limit) {
    SqlWhere where;
    if (state) where.add("state = ?", {std::string(toString(*state))});

    auto lock = db_.lock();
    Page<OutboxItem> page;
    {
        auto total = db_.prepare("SELECT COUNT(*) FROM outbox" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    // Newest first, like every listing of the admin page.
    auto rows = db_.prepare(std::string(kSelect) + where.sql() + " ORDER BY id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), offset, limit);
    while (rows.step()) page.items.push_back(readRow(rows));
    return page;
}

std::int64_t SqliteOutboxRepository::countInState(OutboxState state) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM outbox WHERE state = ?");
    row.bind(1, toString(state));
    row.step();
    return row.int64(0);
}

} // namespace passway
