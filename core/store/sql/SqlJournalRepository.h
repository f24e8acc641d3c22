#pragma once

#include "store/JournalRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp. What their journals keep apart is
// each database's own (SqliteJournalRepository, PgJournalRepository): how
// an entry is written and its seq learnt, how "last" survives pruning the
// newest entries, and how a payload's JSON is searched for a record.
template <typename Sql>
class SqlJournalRepository : public JournalRepository {
public:
    void append(std::vector<JournalEntry>& entries) override;
    std::vector<JournalEntry> readAfter(std::int64_t after, int limit) override;
    std::int64_t lastSeq() override;
    std::int64_t oldestSeq() override;
    std::optional<std::int64_t> atAfter(std::int64_t seq) override;
    std::optional<JournalEntry> latestFaceVerdict(std::int64_t recordId, std::int64_t since) override;

    std::optional<JournalCursor> cursor(const std::string& subscriber) override;
    std::vector<JournalCursor> cursors() override;
    void saveCursor(const std::string& subscriber, std::int64_t position, std::int64_t now) override;

    void addDeadLetter(const DeadLetter& letter) override;
    std::vector<DeadLetter> deadLetters(const std::string& subscriber, int limit) override;
    std::int64_t countDeadLetters(const std::string& subscriber) override;

protected:
    // hostColumn: the journal says which host appended each entry
    // (PostgreSQL's, which the hosts of a cluster share; SQLite's has none).
    SqlJournalRepository(typename Sql::Database& db, bool hostColumn) : db_(db), hostColumn_(hostColumn) {}

    // Writes one entry (its at already set) and gives its seq. Under the
    // database lock, inside append's transaction.
    virtual std::int64_t insertLocked(const JournalEntry& entry) = 0;
    // The highest seq a committed entry was ever given, pruned or not.
    // Under the database lock.
    virtual std::int64_t lastSeqLocked() = 0;
    // The newest face verdict about the record appended at or after `since`,
    // as (seq, topic, source, payload, at); each database names the indexed
    // expression of journal_face_verdicts its own way. Under the database lock.
    virtual typename Sql::Statement faceVerdictLocked(std::int64_t recordId, std::int64_t since) = 0;

    typename Sql::Database& db_;

private:
    const bool hostColumn_;
};

} // namespace passway
