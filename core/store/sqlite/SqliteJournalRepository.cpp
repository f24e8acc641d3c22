#include "store/sqlite/SqliteJournalRepository.h"

namespace passway {

std::int64_t SqliteJournalRepository::insertLocked(const JournalEntry& entry) {
    // The connection's last rowid, not RETURNING (see SqliteDialect).
    db_.prepare("INSERT INTO journal (topic, source, payload, at) VALUES (?, ?, ?, ?)")
        .bindAll(entry.topic, entry.source, entry.payload, entry.at)
        .run();
    return db_.lastInsertRowId();
}

std::int64_t SqliteJournalRepository::lastSeqLocked() {
    // sqlite_sequence remembers the highest seq ever given, even when the
    // newest entries were pruned, so "last" never goes backwards.
    auto row = db_.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'journal'");
    return row.step() ? row.int64(0) : 0;
}

std::int64_t SqliteJournalRepository::prune(std::int64_t upTo, std::int64_t before) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM journal WHERE seq <= ? AND at < ?").bindAll(upTo, before).run();
    return db_.changes();
}

SqliteStatement SqliteJournalRepository::faceVerdictLocked(std::int64_t recordId, std::int64_t since) {
    auto row = db_.prepare(kFaceVerdictSql);
    row.bindAll(recordId, since);
    return row;
}

} // namespace passway
