#pragma once

#include "store/postgresql/PgDialect.h"
#include "store/sql/SqlJournalRepository.h"

namespace passway {

// The shared journal, with the host that appended each entry (a cluster's
// hosts share one journal), "last" kept by journal_pruned, and payloads
// searched as jsonb.
class PgJournalRepository : public SqlJournalRepository<PgDialect> {
public:
    explicit PgJournalRepository(PgDatabase& db) : SqlJournalRepository(db, /*hostColumn=*/true) {}

    std::int64_t prune(std::int64_t upTo, std::int64_t before) override;

protected:
    std::int64_t insertLocked(const JournalEntry& entry) override;
    std::int64_t lastSeqLocked() override;
    PgStatement faceVerdictLocked(std::int64_t recordId, std::int64_t since) override;
};

} // namespace passway
