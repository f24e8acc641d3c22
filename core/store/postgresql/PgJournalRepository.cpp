#include "store/postgresql/PgJournalRepository.h"

#include <string>

namespace passway {

std::int64_t PgJournalRepository::insertLocked(const JournalEntry& entry) {
    auto insert =
        db_.prepare("INSERT INTO journal (topic, source, payload, at, host) VALUES (?, ?, ?, ?, ?) RETURNING seq");
    insert.bindAll(entry.topic, entry.source, entry.payload, entry.at, entry.host);
    insert.step();
    return insert.int64(0);
}

std::int64_t PgJournalRepository::lastSeqLocked() {
    // journal_pruned remembers the highest seq pruned, so "last" never goes
    // backwards when the newest entries were pruned. Not the sequence: it
    // also counts appends that were rolled back.
    auto row = db_.prepare("SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM journal), 0), "
                           "COALESCE((SELECT through FROM journal_pruned), 0))");
    return row.step() ? row.int64(0) : 0;
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

PgStatement PgJournalRepository::faceVerdictLocked(std::int64_t recordId, std::int64_t since) {
    // The topics and the expression as journal_face_verdicts has them.
    auto row = db_.prepare("SELECT seq, topic, source, payload, at FROM journal "
                           "WHERE topic IN ('face.matched', 'record.suspect') "
                           "AND (payload::jsonb ->> 'recordId') = ?::TEXT AND at >= ? ORDER BY seq DESC LIMIT 1");
    row.bindAll(std::to_string(recordId), since);
    return row;
}

} // namespace passway
