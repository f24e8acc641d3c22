#include "maintenance/Maintenance.h"

#include "script/CronSchedule.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <Poco/Logger.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <stdexcept>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("maintenance"); }

constexpr std::int64_t kDayMs = 86400000;

} // namespace

MaintenanceOptions MaintenanceOptions::read(const Poco::Util::AbstractConfiguration& config) {
    MaintenanceOptions o;
    o.backupDir = config.getString("backup.dir", o.backupDir);
    o.backupCron = config.getString("backup.cron", o.backupCron);
    o.backupKeep = config.getInt("backup.keep", o.backupKeep);
    o.retentionDays = config.getInt("records.retention_days", o.retentionDays);
    o.retentionInterval = std::chrono::seconds(config.getInt("records.retention_interval_s", 3600));
    o.retentionBatch = config.getInt("records.retention_batch", o.retentionBatch);
    if (o.backupDir.empty()) throw std::invalid_argument("backup.dir: must name a folder");
    if (o.backupKeep < 1) throw std::invalid_argument("backup.keep: must be 1 or more");
    if (o.retentionDays < 0) throw std::invalid_argument("records.retention_days: must be 0 (keep forever) or more");
    if (o.retentionInterval.count() <= 0) throw std::invalid_argument("records.retention_interval_s: must be above 0");
    if (o.retentionBatch < 1 || o.retentionBatch > 10000) {
        throw std::invalid_argument("records.retention_batch: must be 1 to 10000");
    }
    if (!o.backupCron.empty()) {
        try {
            CronSchedule check(o.backupCron);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("backup.cron: ") + e.what());
        }
    }
    return o;
}

Maintenance::Maintenance(Store& store, BlobStore& blobs, MaintenanceOptions options)
    : store_(store),
      options_(std::move(options)),
      backup_(store, blobs, options_.backupDir, options_.backupKeep, blobRemoval_),
      retention_(store, blobs, blobRemoval_, options_.retentionBatch) {
    if (!options_.backupCron.empty()) schedule_ = std::make_unique<CronSchedule>(options_.backupCron);
}

Maintenance::~Maintenance() { stop(); }

void Maintenance::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
}

void Maintenance::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

BackupInfo Maintenance::backupNow() {
    try {
        BackupInfo info = backup_.make();
        log().information("backup " + info.path + " made: database " + std::to_string(info.databaseBytes) +
                          " bytes, " + std::to_string(info.blobs) + " blobs");
        std::lock_guard lock(mutex_);
        status_.lastBackup = info;
        status_.lastBackupError.clear();
        return info;
    } catch (const std::exception& e) {
        log().error(std::string("backup failed: ") + e.what());
        std::lock_guard lock(mutex_);
        status_.lastBackupError = e.what();
        throw;
    }
}

RetentionRun Maintenance::pruneNow() {
    RetentionRun run;
    if (options_.retentionDays <= 0) return run;
    const std::int64_t cutoff = nowMillis() - std::int64_t(options_.retentionDays) * kDayMs;
    std::string error;
    try {
        run = retention_.prune(cutoff, [this] {
            std::lock_guard lock(mutex_);
            return stopping_;
        });
        if (run.records > 0) {
            log().information("retention: deleted " + std::to_string(run.records) + " records older than " +
                              std::to_string(options_.retentionDays) + " days and " + std::to_string(run.photos) +
                              " photos");
        }
    } catch (const std::exception& e) {
        error = e.what();
        run.at = nowMillis();
        log().error("retention failed: " + error);
    }
    std::lock_guard lock(mutex_);
    status_.lastRetention = run;
    status_.lastRetentionError = error;
    return run;
}

MaintenanceStatus Maintenance::status() const {
    MaintenanceStatus status;
    {
        std::lock_guard lock(mutex_);
        status = status_;
    }
    if (schedule_) status.nextBackupAt = std::int64_t(schedule_->next(nowMillis() / 1000)) * 1000;
    try {
        status.oldestRecord = store_.records().oldestReceived();
    } catch (const std::exception&) {
        // The page shows the rest; the store logs its own failures.
    }
    return status;
}

void Maintenance::loop() {
    using Clock = std::chrono::steady_clock;
    const bool retaining = options_.retentionDays > 0;
    Clock::time_point nextRetention = Clock::now();  // a first pass at start
    for (;;) {
        Clock::time_point nextBackup = Clock::time_point::max();
        if (schedule_) nextBackup = Clock::now() + schedule_->delayFromNow();
        {
            std::unique_lock lock(mutex_);
            const auto until = std::min(nextBackup, retaining ? nextRetention : Clock::time_point::max());
            if (until == Clock::time_point::max()) {
                wake_.wait(lock, [this] { return stopping_; });
            } else {
                wake_.wait_until(lock, until, [this] { return stopping_; });
            }
            if (stopping_) return;
        }
        const auto now = Clock::now();
        if (retaining && now >= nextRetention) {
            pruneNow();
            nextRetention = Clock::now() + options_.retentionInterval;
        }
        if (now >= nextBackup) {
            try {
                backupNow();
            } catch (const std::exception&) {
                // Logged and kept for the page by backupNow(); the next time tries again.
            }
        }
    }
}

} // namespace passway
