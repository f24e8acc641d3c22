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
    std::unique_ptr<PersonRepository> persons_;
    std::unique_ptr<DeviceRepository> devices_;
    std::unique_ptr<RecordRepository> records_;
    std::unique_ptr<CommandRepository> commands_;
    std::unique_ptr<SyncRepository> sync_;
    std::unique_ptr<UserRepository> users_;
    std::unique_ptr<AuditRepository> audit_;
    std::unique_ptr<KeyValueRepository> kv_;
    std::unique_ptr<OutboxRepository> outbox_;
    std::unique_ptr<FaceEmbeddingRepository> faceEmbeddings_;
    std::unique_ptr<JournalRepository> journal_;
    std::unique_ptr<AttendanceRepository> attendance_;
    std::unique_ptr<SettingRepository> settings_;
    std::unique_ptr<DeviceAlarmRepository> deviceAlarms_;
    std::unique_ptr<PersonReviewRepository> personReviews_;
    std::unique_ptr<PgClusterRepository> cluster_;
};

} // namespace passway
