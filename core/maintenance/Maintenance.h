#pragma once

#include "store/RecordRetention.h"
#include "store/SiteBackup.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

class BlobStore;
class CronSchedule;
class Store;

// The backup.* and records.retention_* keys.
struct MaintenanceOptions {
    std::string backupDir = "var/backups";  // backup.dir
    std::string backupCron;                 // backup.cron, host local time; empty: backups from the page only
    int backupKeep = 7;                     // backup.keep: newest backups kept (at least 1)
    int retentionDays = 0;                  // records.retention_days: 0 keeps records forever
    std::chrono::milliseconds retentionInterval = std::chrono::hours(1);  // records.retention_interval_s
    int retentionBatch = 500;               // records.retention_batch: records per transaction

    // Throws std::invalid_argument naming the key for a bad value (cron syntax, negative days).
    static MaintenanceOptions read(const Poco::Util::AbstractConfiguration& config);
};

// What the page shows about backups and retention.
struct MaintenanceStatus {
    std::optional<BackupInfo> lastBackup;   // made since the host started
    std::string lastBackupError;            // the last attempt's failure; empty when it succeeded
    std::int64_t nextBackupAt = 0;          // unix ms; 0: no schedule
    std::optional<RetentionRun> lastRetention;
    std::string lastRetentionError;
    std::optional<std::int64_t> oldestRecord;  // received time of the oldest stored record
};

// Runs the site's housekeeping on one thread of its own: a backup whenever
// backup.cron says, and a retention pass at start and every
// retention_interval when records.retention_days is set. Backups can also be
// made at once (the page's button); two never run at the same time.
class Maintenance {
public:
    Maintenance(Store& store, BlobStore& blobs, MaintenanceOptions options);
    ~Maintenance();  // stop()
    Maintenance(const Maintenance&) = delete;
    Maintenance& operator=(const Maintenance&) = delete;

    void start();
    void stop();

    // Throws StoreError with the cause (also kept for status()).
    BackupInfo backupNow();
    std::vector<BackupInfo> backups() const { return backup_.list(); }
    const std::string& backupDir() const { return backup_.dir(); }  // absolute
    // One retention pass now (no-op with retention_days 0). Never throws.
    RetentionRun pruneNow();
    MaintenanceStatus status() const;
    const MaintenanceOptions& options() const { return options_; }

private:
    void loop();

    Store& store_;
    const MaintenanceOptions options_;
    std::unique_ptr<CronSchedule> schedule_;  // null: no backup.cron
    std::mutex blobRemoval_;                  // backups and retention (see SiteBackup)
    SiteBackup backup_;
    RecordRetention retention_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    MaintenanceStatus status_;
    std::thread thread_;
};

} // namespace passway
