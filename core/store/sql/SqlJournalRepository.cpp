#include "store/sql/SqlJournalRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

namespace passway {

template <typename Sql>
void SqlJournalRepository<Sql>::append(std::vector<JournalEntry>& entries) {
    if (entries.empty()) return;
    auto lock = db_.lock();
    // Inside a unit of work this is a savepoint of the caller's transaction.
    typename Sql::Transaction transaction(db_);
    const std::int64_t now = nowMillis();
    for (auto& entry : entries) {
        if (entry.at == 0) entry.at = now;
        entry.seq = insertLocked(entry);
    }
    transaction.commit();
}

template <typename Sql>
std::vector<JournalEntry> SqlJournalRepository<Sql>::readAfter(std::int64_t after, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string("SELECT seq, topic, source, payload, at") + (hostColumn_ ? ", host" : "") +
                            " FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
    rows.bindAll(after, limit);
    std::vector<JournalEntry> entries;
    while (rows.step()) {
        entries.push_back(JournalEntry{rows.int64(0), rows.text(1), rows.text(2), rows.text(3), rows.int64(4),
                                       hostColumn_ ? rows.text(5) : std::string()});
    }
    return entries;
}

template <typename Sql>
std::int64_t SqlJournalRepository<Sql>::lastSeq() {
    auto lock = db_.lock();
    return lastSeqLocked();
}

template <typename Sql>
std::int64_t SqlJournalRepository<Sql>::oldestSeq() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT MIN(seq) FROM journal");
    if (row.step() && !row.isNull(0)) return row.int64(0);
    return lastSeqLocked() + 1;
}

template <typename Sql>
std::optional<std::int64_t> SqlJournalRepository<Sql>::atAfter(std::int64_t seq) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT at FROM journal WHERE seq > ? ORDER BY seq LIMIT 1");
    row.bind(1, seq);
    if (!row.step()) return std::nullopt;
    return row.int64(0);
}

template <typename Sql>
std::optional<JournalEntry> SqlJournalRepository<Sql>::latestFaceVerdict(std::int64_t recordId, std::int64_t since) {
    auto lock = db_.lock();
    auto row = faceVerdictLocked(recordId, since);
    if (!row.step()) return std::nullopt;
    return JournalEntry{row.int64(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
}

template <typename Sql>
std::optional<JournalCursor> SqlJournalRepository<Sql>::cursor(const std::string& subscriber) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT subscriber, position, updated_at FROM journal_cursors WHERE subscriber = ?");
    row.bind(1, subscriber);
    if (!row.step()) return std::nullopt;
    return JournalCursor{row.text(0), row.int64(1), row.int64(2)};
}

template <typename Sql>
std::vector<JournalCursor> SqlJournalRepository<Sql>::cursors() {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT subscriber, position, updated_at FROM journal_cursors ORDER BY subscriber");
    std::vector<JournalCursor> out;
    while (rows.step()) out.push_back(JournalCursor{rows.text(0), rows.int64(1), rows.int64(2)});
    return out;
}

template <typename Sql>
void SqlJournalRepository<Sql>::saveCursor(const std::string& subscriber, std::int64_t position, std::int64_t now) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO journal_cursors (subscriber, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at")
        .bindAll(subscriber, position, now)
        .run();
}

template <typename Sql>
void SqlJournalRepository<Sql>::addDeadLetter(const DeadLetter& letter) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO journal_dead_letters (subscriber, seq, topic, payload, error, attempts, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bindAll(letter.subscriber, letter.seq, letter.topic, letter.payload, letter.error, letter.attempts,
                 letter.at != 0 ? letter.at : nowMillis())
        .run();
}

template <typename Sql>
std::vector<DeadLetter> SqlJournalRepository<Sql>::deadLetters(const std::string& subscriber, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT id, subscriber, seq, topic, payload, error, attempts, at FROM journal_dead_letters "
                            "WHERE subscriber = ? ORDER BY id DESC LIMIT ?");
    rows.bindAll(subscriber, limit);
    std::vector<DeadLetter> out;
    while (rows.step()) {
        out.push_back(DeadLetter{rows.int64(0), rows.text(1), rows.int64(2), rows.text(3), rows.text(4), rows.text(5),
                                 rows.int32(6), rows.int64(7)});
    }
    return out;
}

template <typename Sql>
std::int64_t SqlJournalRepository<Sql>::countDeadLetters(const std::string& subscriber) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM journal_dead_letters WHERE subscriber = ?");
    row.bind(1, subscriber);
    row.step();
    return row.int64(0);
}

template class SqlJournalRepository<SqliteDialect>;
template class SqlJournalRepository<PgDialect>;

} // namespace passway
