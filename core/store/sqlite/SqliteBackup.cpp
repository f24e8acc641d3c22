// SqliteDatabase::backupTo: SQLite's online backup API, page by page.
#include "store/sqlite/SqliteDatabase.h"

#include "store/StoreError.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace passway {

namespace {

constexpr int kPagesPerStep = 512;  // ~2 MB with 4 KiB pages: a short hold of the lock

// Closes the destination connection however backupTo() leaves.
struct Destination {
    sqlite3* db = nullptr;
    ~Destination() { sqlite3_close_v2(db); }
};

} // namespace

void SqliteDatabase::backupTo(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (fs::exists(path, error)) throw StoreError("sqlite backup: " + path + " exists already");
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, error);
    if (error) throw StoreError("sqlite backup: cannot create folder " + parent.string() + ": " + error.message());
    // Written under another name and renamed when complete: a file named
    // `path` is always a whole backup.
    const std::string partial = path + ".part";
    fs::remove(partial, error);

    Destination destination;
    int code = sqlite3_open_v2(partial.c_str(), &destination.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (code != SQLITE_OK) {
        throw StoreError("sqlite backup: cannot create " + partial + ": " +
                         (destination.db ? sqlite3_errmsg(destination.db) : sqlite3_errstr(code)));
    }
    sqlite3_backup* backup = nullptr;
    {
        auto guard = lock();
        backup = sqlite3_backup_init(destination.db, "main", db_, "main");
    }
    if (!backup) throw StoreError("sqlite backup: " + std::string(sqlite3_errmsg(destination.db)));
    for (;;) {
        {
            auto guard = lock();
            code = sqlite3_backup_step(backup, kPagesPerStep);
        }
        if (code == SQLITE_DONE) break;
        if (code == SQLITE_OK) continue;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {  // another process holds a lock: wait, go on
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        break;
    }
    sqlite3_backup_finish(backup);
    if (code != SQLITE_DONE) {
        const std::string message = sqlite3_errstr(code);
        sqlite3_close_v2(destination.db);
        destination.db = nullptr;
        fs::remove(partial, error);
        throw StoreError("sqlite backup to " + path + " failed: " + message);
    }
    // The copy keeps the source's WAL mode; checkpointed and closed, the
    // file alone holds everything.
    sqlite3_exec(destination.db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close_v2(destination.db);
    destination.db = nullptr;
    fs::remove(partial + "-wal", error);
    fs::remove(partial + "-shm", error);
    fs::rename(partial, path, error);
    if (error) throw StoreError("sqlite backup: cannot rename " + partial + " to " + path + ": " + error.message());
}

} // namespace passway
