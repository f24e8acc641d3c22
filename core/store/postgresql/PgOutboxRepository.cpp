#include "store/postgresql/PgOutboxRepository.h"

#include "store/StoreError.h"
#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"
#include "store/sql/SqlWhere.h"
#include "passway/Clock.h"

#include <algorithm>

namespace passway {

namespace {

constexpr const char* kColumns =
    "id, origin, method, url, headers, body, idempotency_key, state, attempts, next_attempt_at, last_error, "
    "created_at, updated_at";
const std::string kSelect = std::string("SELECT ") + kColumns + " FROM outbox";

OutboxItem readRow(PgStatement& row) {
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

std::optional<OutboxItem> PgOutboxRepository::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

OutboxItem PgOutboxRepository::enqueue(const OutboxItem& item) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    // A new item is pending with no attempts, whatever the caller's copy says.
    auto insert = db_.prepare("INSERT INTO outbox (origin, method, url, headers, body, idempotency_key, state, "
                              "attempts, next_attempt_at, last_error, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?) RETURNING id");
    insert.bindAll(item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                   item.nextAttemptAt != 0 ? item.nextAttemptAt : now, now, now);
    insert.step();
    return *findLocked(insert.int64(0));
}

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

void PgOutboxRepository::enqueueAll(std::vector<OutboxItem>& items) {
    if (items.empty()) return;
    auto lock = db_.lock();
    PgTransaction transaction(db_);
    const std::int64_t now = nowMillis();
    auto insert = db_.prepare("INSERT INTO outbox (id, origin, method, url, headers, body, idempotency_key, state, "
                              "attempts, next_attempt_at, last_error, created_at, updated_at) "
                              "VALUES (COALESCE(?::bigint, nextval(pg_get_serial_sequence('outbox', 'id'))), "
                              "?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?, ?) RETURNING id");
    for (auto& item : items) {
        const std::optional<std::int64_t> id = item.id != 0 ? std::optional<std::int64_t>(item.id) : std::nullopt;
        if (item.nextAttemptAt == 0) item.nextAttemptAt = now;
        insert.bindAll(id, item.origin, item.method, item.url, item.headers, item.body, item.idempotencyKey,
                       item.nextAttemptAt, now, now);
        insert.step();
        item.id = insert.int64(0);
        insert.reset();
        item.state = OutboxState::Pending;
        item.attempts = 0;
        item.createdAt = item.updatedAt = now;
    }
    transaction.commit();
}

std::optional<OutboxItem> PgOutboxRepository::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

std::vector<OutboxItem> PgOutboxRepository::due(std::int64_t now, int limit) {
    auto lock = db_.lock();
    // Longest waiting first; the partial index outbox_due serves this order.
    auto rows = db_.prepare(std::string(kSelect) +
                            " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    rows.bindAll(now, limit > 0 ? limit : 0);
    std::vector<OutboxItem> items;
    while (rows.step()) items.push_back(readRow(rows));
    return items;
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

bool PgOutboxRepository::markDelivered(std::int64_t id) {
    auto lock = db_.lock();
    // Only a pending item: one an operator discarded or declared dead while
    // it was in flight keeps that decision.
    db_.prepare("UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = '', updated_at = ? "
                "WHERE id = ? AND state = 'pending'")
        .bindAll(nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

bool PgOutboxRepository::markAttemptFailed(std::int64_t id, const std::string& error, std::int64_t nextAttemptAt,
                                               bool dead) {
    auto lock = db_.lock();
    db_.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ?, "
                "updated_at = ? WHERE id = ? AND state = 'pending'")
        .bindAll(error, nextAttemptAt, dead ? "dead" : "pending", nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

bool PgOutboxRepository::retry(std::int64_t id) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    db_.prepare("UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE id = ? AND state IN ('pending', 'dead')")
        .bindAll(now, now, id)
        .run();
    return db_.changes() > 0;
}

bool PgOutboxRepository::discard(std::int64_t id) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM outbox WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

Page<OutboxItem> PgOutboxRepository::list(std::optional<OutboxState> state, int offset, int limit) {
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

std::int64_t PgOutboxRepository::countInState(OutboxState state) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM outbox WHERE state = ?");
    row.bind(1, toString(state));
    row.step();
    return row.int64(0);
}

} // namespace passway
