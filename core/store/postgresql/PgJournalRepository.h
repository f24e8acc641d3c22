#pragma once

#include "store/JournalRepository.h"

namespace passway {

class PgDatabase;

class PgJournalRepository : public JournalRepository {
public:
    explicit PgJournalRepository(PgDatabase& db) : db_(db) {}

    void append(std::vector<JournalEntry>& entries) override;
    std::vector<JournalEntry> readAfter(std::int64_t after, int limit) override;
    std::int64_t lastSeq() override;
    std::int64_t oldestSeq() override;
    std::optional<std::int64_t> atAfter(std::int64_t seq) override;

    std::optional<JournalCursor> cursor(const std::string& subscriber) override;
    std::vector<JournalCursor> cursors() override;
    void saveCursor(const std::string& subscriber, std::int64_t position, std::int64_t now) override;

    void addDeadLetter(const DeadLetter& letter) override;
    std::vector<DeadLetter> deadLetters(const std::string& subscriber, int limit) override;
    std::int64_t countDeadLetters(const std::string& subscriber) override;

    std::int64_t prune(std::int64_t upTo, std::int64_t before) override;
    std::optional<JournalEntry> latestAboutRecord(std::int64_t recordId, const std::vector<std::string>& topics,
                                                  std::int64_t since) override;

private:
    std::int64_t lastSeqLocked();
    PgDatabase& db_;
};

} // namespace passway
