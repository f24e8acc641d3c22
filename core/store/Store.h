#pragma once

#include "store/AttendanceRepository.h"
#include "store/AuditRepository.h"
#include "store/ClusterRepository.h"
#include "store/CommandRepository.h"
#include "store/DeviceAlarmRepository.h"
#include "store/DeviceRepository.h"
#include "store/FaceEmbeddingRepository.h"
#include "store/JournalRepository.h"
#include "store/KeyValueRepository.h"
#include "store/OutboxRepository.h"
#include "store/PersonRepository.h"
#include "store/PersonReviewRepository.h"
#include "store/RecordRepository.h"
#include "store/SettingRepository.h"
#include "store/StoreError.h"
#include "store/SyncRepository.h"
#include "store/UserRepository.h"

#include <functional>
#include <string>

namespace passway {

// The one store of Passway. SQLite is the embedded default; a PostgreSQL
// implementation can follow behind the same interface. All repositories are
// safe to call from any thread.
class Store {
public:
    virtual ~Store() = default;

    virtual PersonRepository& persons() = 0;
    virtual DeviceRepository& devices() = 0;
    virtual RecordRepository& records() = 0;
    virtual CommandRepository& commands() = 0;
    virtual SyncRepository& sync() = 0;
    virtual UserRepository& users() = 0;
    virtual AuditRepository& audit() = 0;
    virtual KeyValueRepository& kv() = 0;
    virtual OutboxRepository& outbox() = 0;
    virtual FaceEmbeddingRepository& faceEmbeddings() = 0;
    virtual JournalRepository& journal() = 0;
    virtual PersonReviewRepository& personReviews() = 0;
    virtual AttendanceRepository& attendance() = 0;
    virtual SettingRepository& settings() = 0;  // what the admin page changed
    virtual DeviceAlarmRepository& deviceAlarms() = 0;
    // Hosts, device leases, leadership and the journal's wake-up when
    // several hosts share this store; null for a store only one host can
    // open (SQLite).
    virtual ClusterRepository* cluster() { return nullptr; }

    // A unit of work: everything `work` writes through any repository on
    // this thread commits together, or not at all when it throws (rethrown).
    // This is how a change and the journal entry of its event are one fact.
    // Other threads' store calls wait while it runs: keep it short. Nests.
    virtual void atomically(const std::function<void()>& work) = 0;
    // Runs `action` after the calling thread's open unit of work commits
    // (never, if it rolls back), or at once outside one.
    virtual void afterCommit(std::function<void()> action) = 0;

    virtual int schemaVersion() = 0;
    // Makes everything written so far durable and compacts logs (called at shutdown).
    virtual void flush() = 0;
    virtual std::string describe() = 0;   // e.g. "sqlite:/var/lib/passway/passway.db"
    // An online backup: a consistent copy of the whole database, as of one
    // moment, written to a new file at `path` while the host keeps running.
    // Throws StoreError when it cannot (a store whose backups are made by
    // its own tools, such as a database server, says so here).
    virtual void backupTo(const std::string& path) {
        throw StoreError("backups of " + describe() + " are made with the database's own tools (" + path + ")");
    }
};

} // namespace passway
