#include "store/sql/SqlCommandRepository.h"

#include "passway/Clock.h"
#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlWhere.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, device_id, kind, args, state, result, created_by, created_at, sent_at, finished_at FROM commands";

template <typename Statement>
Command readRow(Statement& row) {
    Command command;
    command.id = row.int64(0);
    command.deviceId = row.int64(1);
    command.kind = row.text(2);
    command.args = row.text(3);
    command.state = commandStateFromString(row.text(4));
    command.result = row.text(5);
    command.createdBy = row.text(6);
    command.createdAt = row.int64(7);
    command.sentAt = row.int64(8);
    command.finishedAt = row.int64(9);
    return command;
}

} // namespace

template <typename Sql>
std::optional<Command> SqlCommandRepository<Sql>::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
Command SqlCommandRepository<Sql>::queue(const Command& command) {
    auto lock = db_.lock();
    // A new command always starts queued with nothing sent or finished; the
    // foreign key refuses a device that does not exist (StoreError, conflict).
    const std::int64_t id = Sql::insertedId(
        db_,
        db_.prepare(std::string("INSERT INTO commands (device_id, kind, args, state, result, created_by, created_at) "
                                "VALUES (?, ?, ?, 'queued', '', ?, ?)") +
                    Sql::kReturningId)
            .bindAll(command.deviceId, command.kind, command.args.empty() ? std::string("{}") : command.args,
                     command.createdBy, command.createdAt != 0 ? command.createdAt : nowMillis()));
    return *findLocked(id);
}

template <typename Sql>
std::optional<Command> SqlCommandRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

template <typename Sql>
Page<Command> SqlCommandRepository<Sql>::list(const CommandQuery& query) {
    SqlWhere where;
    if (query.deviceId) where.add("device_id = ?", {*query.deviceId});
    if (query.state) where.add("state = ?", {std::string(toString(*query.state))});

    auto lock = db_.lock();
    Page<Command> page;
    {
        auto total = db_.prepare("SELECT COUNT(*) FROM commands" + where.sql());
        where.bindTo(total);
        total.step();
        page.total = total.int64(0);
    }
    auto rows = db_.prepare(std::string(kSelect) + where.sql() + " ORDER BY id DESC" + kPageClause);
    bindPage(rows, where.bindTo(rows), query.offset, query.limit);
    while (rows.step()) page.items.push_back(readRow(rows));
    return page;
}

template <typename Sql>
std::vector<Command> SqlCommandRepository<Sql>::queuedFor(std::int64_t deviceId, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " WHERE device_id = ? AND state = 'queued' ORDER BY id LIMIT ?");
    rows.bindAll(deviceId, limit > 0 ? limit : 0);
    std::vector<Command> commands;
    while (rows.step()) commands.push_back(readRow(rows));
    return commands;
}

template <typename Sql>
bool SqlCommandRepository<Sql>::transition(std::int64_t id, CommandState to, const std::string& result) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    // One statement checks and moves, so two threads finishing the same
    // command cannot both succeed: the second finds it final.
    db_.prepare("UPDATE commands SET state = ?, result = ?, "
                "sent_at = CASE WHEN ? THEN ? ELSE sent_at END, "
                "finished_at = CASE WHEN ? THEN ? ELSE finished_at END "
                "WHERE id = ? AND state NOT IN ('done', 'failed', 'expired', 'unknown')")
        .bindAll(toString(to), result, to == CommandState::Sent, now, isFinal(to), now, id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
std::vector<Command> SqlCommandRepository<Sql>::unfinishedCreatedBefore(std::int64_t createdBefore, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) +
                            " WHERE state IN ('queued', 'sent') AND created_at < ? ORDER BY id LIMIT ?");
    rows.bindAll(createdBefore, limit > 0 ? limit : 0);
    std::vector<Command> commands;
    while (rows.step()) commands.push_back(readRow(rows));
    return commands;
}

template <typename Sql>
std::int64_t SqlCommandRepository<Sql>::countInState(CommandState state) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM commands WHERE state = ?");
    row.bind(1, toString(state));
    row.step();
    return row.int64(0);
}

template class SqlCommandRepository<SqliteDialect>;
template class SqlCommandRepository<PgDialect>;

} // namespace passway
