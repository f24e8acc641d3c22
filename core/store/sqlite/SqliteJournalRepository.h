#pragma once

#include "store/sql/SqlJournalRepository.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

// The shared journal, with "last" kept by sqlite_sequence and payloads
// searched with json_extract. SQLite's journal has no host column: a SQLite
// host is a cluster of one.
class SqliteJournalRepository : public SqlJournalRepository<SqliteDialect> {
public:
    explicit SqliteJournalRepository(SqliteDatabase& db) : SqlJournalRepository(db, /*hostColumn=*/false) {}

    std::int64_t prune(std::int64_t upTo, std::int64_t before) override;

    // A record's newest face verdict since a time (?1 record id, ?2 unix
    // ms). The topics and the expression are journal_face_verdicts' own:
    // SQLite searches a partial index on an expression only when the query
    // names both. Public for the test that reads its plan.
    static constexpr const char* kFaceVerdictSql =
        "SELECT seq, topic, source, payload, at FROM journal WHERE topic IN ('face.matched', 'record.suspect') "
        "AND json_extract(payload, '$.recordId') = ?1 AND at >= ?2 ORDER BY seq DESC LIMIT 1";

protected:
    std::int64_t insertLocked(const JournalEntry& entry) override;
    std::int64_t lastSeqLocked() override;
    SqliteStatement faceVerdictLocked(std::int64_t recordId, std::int64_t since) override;
};

} // namespace passway
