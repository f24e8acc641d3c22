#pragma once

#include "model/JournalEntry.h"

#include <optional>
#include <string>
#include <vector>

namespace passway {

// The event journal: appended in the transaction of the change an event
// describes (call append inside Store::atomically), read by durable
// subscribers from their own cursors. Nothing here assumes SQLite: seq is an
// increasing number that is never reused; gaps are allowed.
class JournalRepository {
public:
    virtual ~JournalRepository() = default;

    // Appends, filling each entry's seq (and at, when 0). Joins the calling
    // thread's open transaction; durable on return otherwise.
    virtual void append(std::vector<JournalEntry>& entries) = 0;
    // Entries with seq > after, oldest first, at most `limit`.
    virtual std::vector<JournalEntry> readAfter(std::int64_t after, int limit) = 0;
    virtual std::int64_t lastSeq() = 0;     // 0 when nothing was ever appended
    virtual std::int64_t oldestSeq() = 0;   // first entry still kept; lastSeq() + 1 when empty
    // What the face check said about a record's photo: the newest
    // face.matched or record.suspect entry whose payload names the record
    // (payload.recordId), appended at or after `since` (unix ms). nullopt:
    // none (yet, or pruned). A search of the index of verdicts
    // (journal_face_verdicts), not a read of the journal.
    virtual std::optional<JournalEntry> latestFaceVerdict(std::int64_t recordId, std::int64_t since) = 0;
    // When the first entry after `seq` was appended (nullopt: none).
    virtual std::optional<std::int64_t> atAfter(std::int64_t seq) = 0;

    virtual std::optional<JournalCursor> cursor(const std::string& subscriber) = 0;
    virtual std::vector<JournalCursor> cursors() = 0;
    // Joins the calling thread's open transaction, like append.
    virtual void saveCursor(const std::string& subscriber, std::int64_t position, std::int64_t now) = 0;

    virtual void addDeadLetter(const DeadLetter& letter) = 0;    // joins the open transaction
    // Newest first.
    virtual std::vector<DeadLetter> deadLetters(const std::string& subscriber, int limit) = 0;
    virtual std::int64_t countDeadLetters(const std::string& subscriber) = 0;

    // Deletes entries with seq <= upTo and at < before; returns how many.
    virtual std::int64_t prune(std::int64_t upTo, std::int64_t before) = 0;
};

} // namespace passway
