#include "store/postgresql/PgStore.h"

#include "store/postgresql/PgClusterRepository.h"
#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgDialect.h"
#include "store/postgresql/PgJournalRepository.h"
#include "store/postgresql/PgMigrator.h"
#include "store/postgresql/PgOutboxRepository.h"
#include "store/postgresql/PgRecordRepository.h"
#include "store/postgresql/PgTransaction.h"
#include "store/sql/SqlAttendanceRepository.h"
#include "store/sql/SqlAuditRepository.h"
#include "store/sql/SqlCommandRepository.h"
#include "store/sql/SqlDeviceAlarmRepository.h"
#include "store/sql/SqlDeviceRepository.h"
#include "store/sql/SqlFaceEmbeddingRepository.h"
#include "store/sql/SqlKeyValueRepository.h"
#include "store/sql/SqlPersonRepository.h"
#include "store/sql/SqlPersonReviewRepository.h"
#include "store/sql/SqlSettingRepository.h"
#include "store/sql/SqlSyncRepository.h"
#include "store/sql/SqlUserRepository.h"

namespace passway {

std::unique_ptr<Store> openPostgresqlStore(const PgOptions& options) { return std::make_unique<PgStore>(options); }

PgStore::PgStore(const PgOptions& options) {
    db_ = std::make_unique<PgDatabase>(
        PgPoolOptions{options.url, options.poolSize, options.poolWaitMs, options.connectTimeoutS});
    PgMigrator(*db_).migrate(options.migrateTo);

    persons_ = std::make_unique<SqlPersonRepository<PgDialect>>(*db_);
    devices_ = std::make_unique<SqlDeviceRepository<PgDialect>>(*db_);
    records_ = std::make_unique<PgRecordRepository>(*db_);
    commands_ = std::make_unique<SqlCommandRepository<PgDialect>>(*db_);
    sync_ = std::make_unique<SqlSyncRepository<PgDialect>>(*db_);
    personReviews_ = std::make_unique<SqlPersonReviewRepository<PgDialect>>(*db_);
    users_ = std::make_unique<SqlUserRepository<PgDialect>>(*db_);
    audit_ = std::make_unique<SqlAuditRepository<PgDialect>>(*db_);
    kv_ = std::make_unique<SqlKeyValueRepository<PgDialect>>(*db_);
    outbox_ = std::make_unique<PgOutboxRepository>(*db_);
    faceEmbeddings_ = std::make_unique<SqlFaceEmbeddingRepository<PgDialect>>(*db_);
    journal_ = std::make_unique<PgJournalRepository>(*db_);
    attendance_ = std::make_unique<SqlAttendanceRepository<PgDialect>>(*db_);
    settings_ = std::make_unique<SqlSettingRepository<PgDialect>>(*db_);
    deviceAlarms_ = std::make_unique<SqlDeviceAlarmRepository<PgDialect>>(*db_);
    cluster_ = std::make_unique<PgClusterRepository>(*db_, options.url, options.connectTimeoutS);
}

PgStore::~PgStore() = default;

PersonRepository& PgStore::persons() { return *persons_; }
DeviceRepository& PgStore::devices() { return *devices_; }
RecordRepository& PgStore::records() { return *records_; }
CommandRepository& PgStore::commands() { return *commands_; }
SyncRepository& PgStore::sync() { return *sync_; }
PersonReviewRepository& PgStore::personReviews() { return *personReviews_; }
UserRepository& PgStore::users() { return *users_; }
AuditRepository& PgStore::audit() { return *audit_; }
KeyValueRepository& PgStore::kv() { return *kv_; }
OutboxRepository& PgStore::outbox() { return *outbox_; }
FaceEmbeddingRepository& PgStore::faceEmbeddings() { return *faceEmbeddings_; }
JournalRepository& PgStore::journal() { return *journal_; }
AttendanceRepository& PgStore::attendance() { return *attendance_; }
SettingRepository& PgStore::settings() { return *settings_; }
DeviceAlarmRepository& PgStore::deviceAlarms() { return *deviceAlarms_; }
ClusterRepository* PgStore::cluster() { return cluster_.get(); }

void PgStore::atomically(const std::function<void()>& work) {
    std::vector<std::function<void()>> actions;
    {
        auto lock = db_->lock();
        PgTransaction transaction(*db_);
        const bool outermost = db_->transactionDepth() == 1;
        work();
        transaction.commit();
        // Taken while this thread still holds the connection they were
        // queued on: once given back, another thread may borrow it.
        if (outermost) actions = db_->takeCommitted();
    }
    // Outside the session: the actions (e.g. fanning events out to live
    // subscribers) must not hold a pooled connection.
    for (auto& action : actions) action();
}

void PgStore::afterCommit(std::function<void()> action) { db_->afterCommit(std::move(action)); }

int PgStore::schemaVersion() { return PgMigrator(*db_).currentVersion(); }

void PgStore::flush() {
    // Every commit is durable when it returns (synchronous_commit is the
    // server's, on by default); there is no log of ours to fold.
}

std::string PgStore::describe() { return "postgresql:" + db_->describe(); }

} // namespace passway
