#include "store/sql/SqlAuditRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "store/sql/SqlWhere.h"
#include "passway/Clock.h"

namespace passway {

template <typename Sql>
void SqlAuditRepository<Sql>::append(const AuditEntry& entry) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
        .bindAll(entry.at != 0 ? entry.at : nowMillis(), entry.actor, entry.action, entry.target, entry.detail)
        .run();
}

template <typename Sql>
Page<AuditEntry> SqlAuditRepository<Sql>::list(const AuditQuery& query) {
    SqlWhere where;
    if (!query.actor.empty()) where.add("actor = ?", {query.actor});
    if (!query.action.empty()) where.add("action = ?", {query.action});
    if (!query.target.empty()) where.add("target = ?", {query.target});

    auto& db = Sql::forReading(db_);
    auto lock = db.lock();
    Page<AuditEntry> page;
    {
        auto total = db.prepare("SELECT COUNT(*) FROM audit_log" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    // Newest first by id, the order of appending: `at` may come from a caller.
    auto rows = db.prepare("SELECT id, at, actor, action, target, detail FROM audit_log" + where.sql() +
                           " ORDER BY id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), query.offset, query.limit);
    while (rows.step()) {
        page.items.push_back(
            AuditEntry{rows.int64(0), rows.int64(1), rows.text(2), rows.text(3), rows.text(4), rows.text(5)});
    }
    return page;
}

template class SqlAuditRepository<SqliteDialect>;
template class SqlAuditRepository<PgDialect>;

} // namespace passway
