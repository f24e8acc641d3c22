#include "store/sql/SqlOutboxRepository.h"

#include "passway/Clock.h"
#include "store/StoreError.h"
#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlWhere.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

template <typename Sql>
std::string SqlOutboxRepository<Sql>::select() {
    return std::string("SELECT ") + kColumns + " FROM outbox";
}

template <typename Sql>
OutboxItem SqlOutboxRepository<Sql>::readRow(typename Sql::Statement& row) {
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

template <typename Sql>
std::optional<OutboxItem> SqlOutboxRepository<Sql>::findLocked(std::int64_t id) {
    auto row = db_.prepare(select() + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
OutboxItem SqlOutboxRepository<Sql>::enqueue(const OutboxItem& item) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    // A new item is pending with no attempts, whatever the caller's copy says.
    const std::int64_t id = Sql::insertedId(
        db_,
        db_.prepare(
               std::string("INSERT INTO outbox (origin, method, url, headers, body, idempotency_key, state, attempts, "
                           "next_attempt_at, last_error, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?)") +
               Sql::kReturningId)
            .bindAll(item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                     item.nextAttemptAt != 0 ? item.nextAttemptAt : now, now, now));
    return *findLocked(id);
}

template <typename Sql>
void SqlOutboxRepository<Sql>::enqueueAll(std::vector<OutboxItem>& items) {
    if (items.empty()) return;
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (auto& item : items) {
        if (item.nextAttemptAt == 0) item.nextAttemptAt = now;
        // An item with a reserved id (reserveId) keeps it; one without takes
        // the next from the table's own sequence.
        if (item.id != 0) {
            db_.prepare("INSERT INTO outbox (id, origin, method, url, headers, body, idempotency_key, state, attempts, "
                        "next_attempt_at, last_error, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?)")
                .bindAll(item.id, item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                         item.nextAttemptAt, now, now)
                .run();
        } else {
            item.id = Sql::insertedId(
                db_,
                db_.prepare(
                       std::string(
                           "INSERT INTO outbox (origin, method, url, headers, body, idempotency_key, state, attempts, "
                           "next_attempt_at, last_error, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?)") +
                       Sql::kReturningId)
                    .bindAll(item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                             item.nextAttemptAt, now, now));
        }
        item.state = OutboxState::Pending;
        item.attempts = 0;
        item.createdAt = item.updatedAt = now;
    }
    transaction.commit();
}

template <typename Sql>
std::optional<OutboxItem> SqlOutboxRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

template <typename Sql>
std::vector<OutboxItem> SqlOutboxRepository<Sql>::due(std::int64_t now, int limit) {
    auto lock = db_.lock();
    // Longest waiting first; the partial index outbox_due serves this order.
    auto rows = db_.prepare(select() +
                            " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    rows.bindAll(now, limit > 0 ? limit : 0);
    std::vector<OutboxItem> items;
    while (rows.step()) items.push_back(readRow(rows));
    return items;
}

template <typename Sql>
bool SqlOutboxRepository<Sql>::markDelivered(std::int64_t id) {
    auto lock = db_.lock();
    // Only a pending item: one an operator discarded or declared dead while
    // it was in flight keeps that decision.
    db_.prepare("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = '', updated_at = ? "
                "WHERE id = ? AND state = 'pending'")
        .bindAll(nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlOutboxRepository<Sql>::markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt,
                                               bool dead) {
    auto lock = db_.lock();
    db_.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ?, "
                "updated_at = ? WHERE id = ? AND state = 'pending'")
        .bindAll(error, nextAttemptAt, dead ? "dead" : "pending", nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlOutboxRepository<Sql>::retry(std::int64_t id) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    db_.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state IN ('pending', 'dead')")
        .bindAll(now, now, id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlOutboxRepository<Sql>::discard(std::int64_t id) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM outbox WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

template <typename Sql>
Page<OutboxItem> SqlOutboxRepository<Sql>::list(std::optional<OutboxState> state, int offset, int limit) {
    SqlWhere where;
    if (state) where.add("state = ?", {std::string(toString(*state))});

    auto& db = Sql::forReading(db_);
    auto lock = db.lock();
    Page<OutboxItem> page;
    {
        auto total = db.prepare("SELECT COUNT(*) FROM outbox" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    // Newest first, like every listing of the admin page.
    auto rows = db.prepare(select() + where.sql() + " ORDER BY id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), offset, limit);
    while (rows.step()) page.items.push_back(readRow(rows));
    return page;
}

template <typename Sql>
std::int64_t SqlOutboxRepository<Sql>::countInState(OutboxState state) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM outbox WHERE state = ?");
    row.bind(1, toString(state));
    row.step();
    return row.int64(0);
}

template class SqlOutboxRepository<SqliteDialect>;
template class SqlOutboxRepository<PgDialect>;

} // namespace passway
