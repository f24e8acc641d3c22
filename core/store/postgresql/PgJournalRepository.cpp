#include "store/postgresql/PgJournalRepository.h"

#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"
#include "passway/Clock.h"

#include <algorithm>

namespace passway {

void PgJournalRepository::append(std::vector<JournalEntry>& entries) {
    if (entries.empty()) return;
    auto lock = db_.lock();
    // Inside a unit of work this is a savepoint of the caller's transaction.
    PgTransaction transaction(db_);
    const std::int64_t now = nowMillis();
    auto insert = db_.prepare("INSERT INTO journal (topic, source, payload, at, host) VALUES (?, ?, ?, ?, ?) RETURNING seq");
    for (auto& entry : entries) {
        if (entry.at == 0) entry.at = now;
        insert.bindAll(entry.topic, entry.source, entry.payload, entry.at, entry.host);
        insert.step();
        entry.seq = insert.int64(0);
        insert.reset();
    }
    transaction.commit();
}

std::vector<JournalEntry> PgJournalRepository::readAfter(std::int64_t after, int limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT seq, topic, source, payload, at, host FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
    rows.bindAll(after, limit);
    std::vector<JournalEntry> entries;
    while (rows.step()) {
        entries.push_back(JournalEntry{rows.int64(0), rows.text(1), rows.text(2), rows.text(3), rows.int64(4), rows.text(5)});
    }
    return entries;
}

std::int64_t PgJournalRepository::lastSeqLocked() {
    // journal_pruned remembers the highest seq pruned, so "last" never goes
    // backwards when the newest entries were pruned. Not the sequence: it
    // also counts appends that were rolled back.
    auto row = db_.prepare("SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM journal), 0), "
                           "COALESCE((SELECT through FROM journal_pruned), 0))");
    return row.step() ? row.int64(0) : 0;
}

std::int64_t PgJournalRepository::lastSeq() {
    auto lock = db_.lock();
    return lastSeqLocked();
}

std::int64_t PgJournalRepository::oldestSeq() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT MIN(seq) FROM journal");
    if (row.step() && !row.isNull(0)) return row.int64(0);
    return lastSeqLocked() + 1;
}

std::optional<std::int64_t> PgJournalRepository::atAfter(std::int64_t seq) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT at FROM journal WHERE seq > ? ORDER BY seq LIMIT 1");
    row.bind(1, seq);
    if (!row.step()) return std::nullopt;
    return row.int64(0);
}

std::optional<JournalCursor> PgJournalRepository::cursor(const std::string& subscriber) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT subscriber, position, updated_at FROM journal_cursors WHERE subscriber = ?");
    row.bind(1, subscriber);
    if (!row.step()) return std::nullopt;
    return JournalCursor{row.text(0), row.int64(1), row.int64(2)};
}

std::vector<JournalCursor> PgJournalRepository::cursors() {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT subscriber, position, updated_at FROM journal_cursors ORDER BY subscriber");
    std::vector<JournalCursor> out;
    while (rows.step()) out.push_back(JournalCursor{rows.text(0), rows.int64(1), rows.int64(2)});
    return out;
}

void PgJournalRepository::saveCursor(const std::string& subscriber, std::int64_t position, std::int64_t now) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO journal_cursors (subscriber, position, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at")
        .bindAll(subscriber, position, now)
        .run();
}

void PgJournalRepository::addDeadLetter(const DeadLetter& letter) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO journal_dead_letters (subscriber, seq, topic, payload, error, attempts, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bindAll(letter.subscriber, letter.seq, letter.topic, letter.payload, letter.error, letter.attempts,
                 letter.at != 0 ? letter.at : nowMillis())
        .run();
}

std::vector<DeadLetter> PgJournalRepository::deadLetters(const std::string& subscriber, int limit) {
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

std::int64_t PgJournalRepository::countDeadLetters(const std::string& subscriber) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM journal_dead_letters WHERE subscriber = ?");
    row.bind(1, subscriber);
    row.step();
    return row.int64(0);
}

std::int64_t PgJournalRepository::prune(std::int64_t upTo, std::int64_t before) {
    auto lock = db_.lock();
    PgTransaction transaction(db_);
    std::int64_t removed = 0;
    {
        auto deleted = db_.prepare("WITH gone AS (DELETE FROM journal WHERE seq <= ? AND at < ? RETURNING seq) "
                                   "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM gone");
        deleted.bindAll(upTo, before);
        deleted.step();
        removed = deleted.int64(0);
        db_.prepare("INSERT INTO journal_pruned (one, through) VALUES (TRUE, ?) ON CONFLICT (one) DO UPDATE "
                    "SET through = GREATEST(journal_pruned.through, excluded.through)")
            .bind(1, deleted.int64(1))
            .run();
    }
    transaction.commit();
    return removed;
}

std::optional<JournalEntry> PgJournalRepository::latestAboutRecord(std::int64_t recordId,
                                                                 const std::vector<std::string>& topics,
                                                                 std::int64_t since) {
    auto lock = db_.lock();
    // Newest first from the end of the journal, stopping at `since`. Only
    // payloads that mention the key are parsed as JSON (journal payloads are
    // JSON objects; the LIKE keeps the cast off every other row).
    auto rows = db_.prepare("SELECT seq, topic, source, payload, at FROM journal WHERE at >= ? "
                            "AND payload LIKE '%\"recordId\"%' AND (payload::jsonb ->> 'recordId') = ?::TEXT "
                            "ORDER BY seq DESC LIMIT 20");
    rows.bindAll(since, std::to_string(recordId));
    while (rows.step()) {
        const std::string topic = rows.text(1);
        if (std::find(topics.begin(), topics.end(), topic) == topics.end()) continue;
        return JournalEntry{rows.int64(0), topic, rows.text(2), rows.text(3), rows.int64(4)};
    }
    return std::nullopt;
}

} // namespace passway
