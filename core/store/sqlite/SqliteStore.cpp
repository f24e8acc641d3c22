#include "store/sqlite/SqliteStore.h"

#include "store/sql/SqlAttendanceRepository.h"
#include "store/sql/SqlAuditRepository.h"
#include "store/sql/SqlCommandRepository.h"
#include "store/sql/SqlDeviceAlarmRepository.h"
#include "store/sql/SqlDeviceRepository.h"
#include "store/sql/SqlFaceEmbeddingRepository.h"
#include "store/sql/SqlKeyValueRepository.h"
#include "store/sql/SqlPersonRepository.h"
#include "store/sql/SqlPersonReviewRepository.h"
#include "store/sql/SqlRecordRepository.h"
#include "store/sql/SqlSettingRepository.h"
#include "store/sql/SqlSyncRepository.h"
#include "store/sql/SqlUserRepository.h"
#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteDialect.h"
#include "store/sqlite/SqliteJournalRepository.h"
#include "store/sqlite/SqliteMigrator.h"
#include "store/sqlite/SqliteOutboxRepository.h"
#include "store/sqlite/SqliteTransaction.h"

#include <sqlite3.h>

#include <filesystem>

namespace passway {

std::unique_ptr<Store> openSqliteStore(const SqliteOptions& options) { return std::make_unique<SqliteStore>(options); }

std::string sqliteIntegrityCheck(const std::string& path) {
    // Without SQLITE_OPEN_CREATE: checking a missing file must not create one.
    if (!std::filesystem::exists(path)) throw StoreError("sqlite: no database at " + path);
    sqlite3* db = nullptr;
    int code = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    std::string result;
    sqlite3_stmt* stmt = nullptr;
    if (code == SQLITE_OK) code = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
    while (code == SQLITE_OK || code == SQLITE_ROW) {
        code = sqlite3_step(stmt);
        if (code == SQLITE_ROW) {
            if (!result.empty()) result += "\n";
            result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        }
    }
    const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
    if (code != SQLITE_DONE) throw StoreError("sqlite: integrity check of " + path + " failed to run: " + message);
    return result;
}

SqliteStore::SqliteStore(const SqliteOptions& options) {
    db_ = std::make_unique<SqliteDatabase>(SqliteDatabaseOptions{
        options.path, options.synchronous, options.busyTimeoutMs, options.cacheMiB, options.checkpointPages});
    SqliteMigrator(*db_).migrate(options.migrateTo);
    SqliteDatabaseOptions readOptions{options.path, options.synchronous, options.busyTimeoutMs, options.cacheMiB,
                                      options.checkpointPages};
    readOptions.readOnly = true;
    reader_ = std::make_unique<SqliteDatabase>(readOptions);
    db_->readThrough(*reader_);

    persons_ = std::make_unique<SqlPersonRepository<SqliteDialect>>(*db_);
    devices_ = std::make_unique<SqlDeviceRepository<SqliteDialect>>(*db_);
    records_ = std::make_unique<SqlRecordRepository<SqliteDialect>>(*db_);
    commands_ = std::make_unique<SqlCommandRepository<SqliteDialect>>(*db_);
    sync_ = std::make_unique<SqlSyncRepository<SqliteDialect>>(*db_);
    personReviews_ = std::make_unique<SqlPersonReviewRepository<SqliteDialect>>(*db_);
    users_ = std::make_unique<SqlUserRepository<SqliteDialect>>(*db_);
    audit_ = std::make_unique<SqlAuditRepository<SqliteDialect>>(*db_);
    kv_ = std::make_unique<SqlKeyValueRepository<SqliteDialect>>(*db_);
    settings_ = std::make_unique<SqlSettingRepository<SqliteDialect>>(*db_);
    deviceAlarms_ = std::make_unique<SqlDeviceAlarmRepository<SqliteDialect>>(*db_);
    outbox_ = std::make_unique<SqliteOutboxRepository>(*db_);
    faceEmbeddings_ = std::make_unique<SqlFaceEmbeddingRepository<SqliteDialect>>(*db_);
    journal_ = std::make_unique<SqliteJournalRepository>(*db_);
    attendance_ = std::make_unique<SqlAttendanceRepository<SqliteDialect>>(*db_);
}

SqliteStore::~SqliteStore() = default;

PersonRepository& SqliteStore::persons() { return *persons_; }
DeviceRepository& SqliteStore::devices() { return *devices_; }
RecordRepository& SqliteStore::records() { return *records_; }
CommandRepository& SqliteStore::commands() { return *commands_; }
SyncRepository& SqliteStore::sync() { return *sync_; }
PersonReviewRepository& SqliteStore::personReviews() { return *personReviews_; }
UserRepository& SqliteStore::users() { return *users_; }
AuditRepository& SqliteStore::audit() { return *audit_; }
KeyValueRepository& SqliteStore::kv() { return *kv_; }
SettingRepository& SqliteStore::settings() { return *settings_; }
DeviceAlarmRepository& SqliteStore::deviceAlarms() { return *deviceAlarms_; }
OutboxRepository& SqliteStore::outbox() { return *outbox_; }
FaceEmbeddingRepository& SqliteStore::faceEmbeddings() { return *faceEmbeddings_; }
JournalRepository& SqliteStore::journal() { return *journal_; }
AttendanceRepository& SqliteStore::attendance() { return *attendance_; }

void SqliteStore::atomically(const std::function<void()>& work) {
    bool outermost = false;
    {
        auto lock = db_->lock();
        SqliteTransaction transaction(*db_);
        outermost = db_->transactionDepth() == 1;
        work();
        transaction.commit();
    }
    // Outside the lock: the actions (e.g. fanning events out to live
    // subscribers) must not hold up other threads' store calls.
    if (outermost) {
        for (auto& action : db_->takeCommitted()) action();
    }
}

void SqliteStore::afterCommit(std::function<void()> action) { db_->afterCommit(std::move(action)); }

int SqliteStore::schemaVersion() { return SqliteMigrator(*db_).currentVersion(); }

void SqliteStore::flush() {
    auto lock = db_->lock();
    // Copies the WAL into the database file and empties it, so the next
    // start has no log to replay and the file alone holds everything.
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

std::string SqliteStore::describe() { return "sqlite:" + db_->path(); }

void SqliteStore::backupTo(const std::string& path) { db_->backupTo(path); }

} // namespace passway
