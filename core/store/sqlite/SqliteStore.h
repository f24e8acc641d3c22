#pragma once

#include "store/Store.h"

#include <memory>
#include <string>

namespace passway {

struct SqliteOptions {
    std::string path;                   // database file; parent folders are created
    std::string synchronous = "FULL";   // FULL: acknowledged writes survive a power cut; NORMAL: a process crash
    int busyTimeoutMs = 5000;           // how long to wait for a lock another process holds
    int cacheMiB = 64;                  // the connection's page cache
    int checkpointPages = 10000;        // log pages that start a checkpoint
    int migrateTo = -1;                 // -1 = latest; tests use it to build an older schema
};

// Opens (creating if needed) a SQLite store and applies the migrations.
// Throws StoreError with a message naming the file and the cause.
std::unique_ptr<Store> openSqliteStore(const SqliteOptions& options);

// Runs PRAGMA integrity_check on a database file through a connection of its
// own; returns "ok" for a sound database, else SQLite's list of problems (one
// per line). Throws StoreError when the file cannot be opened.
std::string sqliteIntegrityCheck(const std::string& path);

class SqliteDatabase;

// The Store on one SQLite connection; every repository shares it (and its
// lock). A second, read-only connection serves the lists that count a whole
// table (records, outbox, audit log), which must not hold up the record
// writer (SqliteDatabase::forReading).
class SqliteStore : public Store {
public:
    explicit SqliteStore(const SqliteOptions& options);
    ~SqliteStore() override;

    PersonRepository& persons() override;
    DeviceRepository& devices() override;
    RecordRepository& records() override;
    CommandRepository& commands() override;
    SyncRepository& sync() override;
    UserRepository& users() override;
    AuditRepository& audit() override;
    KeyValueRepository& kv() override;
    SettingRepository& settings() override;
    DeviceAlarmRepository& deviceAlarms() override;
    OutboxRepository& outbox() override;
    FaceEmbeddingRepository& faceEmbeddings() override;
    JournalRepository& journal() override;
    PersonReviewRepository& personReviews() override;
    AttendanceRepository& attendance() override;
    void atomically(const std::function<void()>& work) override;
    void afterCommit(std::function<void()> action) override;

    int schemaVersion() override;
    void flush() override;
    std::string describe() override;
    void backupTo(const std::string& path) override;

private:
    std::unique_ptr<SqliteDatabase> db_;
    std::unique_ptr<SqliteDatabase> reader_;  // declared before the repositories, so it outlives them
    std::unique_ptr<PersonRepository> persons_;
    std::unique_ptr<DeviceRepository> devices_;
    std::unique_ptr<RecordRepository> records_;
    std::unique_ptr<CommandRepository> commands_;
    std::unique_ptr<SyncRepository> sync_;
    std::unique_ptr<UserRepository> users_;
    std::unique_ptr<AuditRepository> audit_;
    std::unique_ptr<KeyValueRepository> kv_;
    std::unique_ptr<SettingRepository> settings_;
    std::unique_ptr<DeviceAlarmRepository> deviceAlarms_;
    std::unique_ptr<OutboxRepository> outbox_;
    std::unique_ptr<FaceEmbeddingRepository> faceEmbeddings_;
    std::unique_ptr<JournalRepository> journal_;
    std::unique_ptr<PersonReviewRepository> personReviews_;
    std::unique_ptr<AttendanceRepository> attendance_;
};

} // namespace passway
