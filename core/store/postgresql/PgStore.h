#pragma once

#include "store/Store.h"

#include <memory>
#include <string>

namespace passway {

struct PgOptions {
    std::string url;             // store.url: postgresql://user:pass@host:port/db[?options]
    int poolSize = 8;            // store.pool_size: most connections open at once
    int poolWaitMs = 5000;       // store.pool_wait_ms: how long a call waits for a free connection
    int connectTimeoutS = 5;     // store.connect_timeout_s: per connection attempt
    int migrateTo = -1;          // -1 = latest
};

// Opens a PostgreSQL store and applies the migrations (db/postgresql) under
// an advisory lock. Throws StoreError naming the cause (the password never
// appears in it).
std::unique_ptr<Store> openPostgresqlStore(const PgOptions& options);

class PgDatabase;
struct PgDialect;
template <typename Sql>
class SqlAuditRepository;
template <typename Sql>
class SqlSyncRepository;
class PgRecordRepository;
template <typename Sql>
class SqlDeviceRepository;
template <typename Sql>
class SqlPersonRepository;
class PgAttendanceRepository;
class PgSettingRepository;
class PgDeviceAlarmRepository;
class PgCommandRepository;
class PgUserRepository;
class PgKeyValueRepository;
class PgOutboxRepository;
class PgFaceEmbeddingRepository;
class PgJournalRepository;
class PgPersonReviewRepository;
class PgClusterRepository;

// The Store on a pool of PostgreSQL connections; every repository shares it.
class PgStore : public Store {
public:
    explicit PgStore(const PgOptions& options);
    ~PgStore() override;

    PersonRepository& persons() override;
    DeviceRepository& devices() override;
    RecordRepository& records() override;
    CommandRepository& commands() override;
    SyncRepository& sync() override;
    UserRepository& users() override;
    AuditRepository& audit() override;
    KeyValueRepository& kv() override;
    OutboxRepository& outbox() override;
    FaceEmbeddingRepository& faceEmbeddings() override;
    JournalRepository& journal() override;
    AttendanceRepository& attendance() override;
    SettingRepository& settings() override;
    DeviceAlarmRepository& deviceAlarms() override;
    PersonReviewRepository& personReviews() override;
    ClusterRepository* cluster() override;
    void atomically(const std::function<void()>& work) override;
    void afterCommit(std::function<void()> action) override;

    int schemaVersion() override;
    void flush() override;
    std::string describe() override;

private:
    std::unique_ptr<PgDatabase> db_;
    std::unique_ptr<SqlPersonRepository<PgDialect>> persons_;
    std::unique_ptr<SqlDeviceRepository<PgDialect>> devices_;
    std::unique_ptr<PgRecordRepository> records_;
    std::unique_ptr<PgCommandRepository> commands_;
    std::unique_ptr<SqlSyncRepository<PgDialect>> sync_;
    std::unique_ptr<PgUserRepository> users_;
    std::unique_ptr<SqlAuditRepository<PgDialect>> audit_;
    std::unique_ptr<PgKeyValueRepository> kv_;
    std::unique_ptr<PgOutboxRepository> outbox_;
    std::unique_ptr<PgFaceEmbeddingRepository> faceEmbeddings_;
    std::unique_ptr<PgJournalRepository> journal_;
    std::unique_ptr<PgAttendanceRepository> attendance_;
    std::unique_ptr<PgSettingRepository> settings_;
    std::unique_ptr<PgDeviceAlarmRepository> deviceAlarms_;
    std::unique_ptr<PgPersonReviewRepository> personReviews_;
    std::unique_ptr<PgClusterRepository> cluster_;
};

} // namespace passway
