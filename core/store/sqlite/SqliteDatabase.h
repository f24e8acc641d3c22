#pragma once

#include "store/sqlite/SqliteStatement.h"

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace passway {

struct SqliteDatabaseOptions {
    std::string path;
    std::string synchronous = "FULL";  // FULL | NORMAL | EXTRA
    int busyTimeoutMs = 5000;
    int cacheMiB = 64;  // page cache of the connection (SQLite's default is 2 MiB)
    int checkpointPages = 10000;  // log pages that start a checkpoint (SQLite's default is 1,000)
    // A second connection to a database the first one opened (and migrated):
    // reads only, each from the last commit, never waiting for the writer's
    // lock (WAL). The journal mode, sync level and checkpoints are the
    // writer's; this one leaves them alone.
    bool readOnly = false;
};

// One SQLite connection in WAL mode, shared by all repositories of a store.
// A single mutex serialises every use: SQLite writes one transaction at a time
// anyway, and one connection keeps "my own write is visible to my next read"
// trivially true. Callers take lock() for the whole of an operation (several
// statements, a transaction) and prepare statements only while holding it.
// The mutex is recursive so that a unit of work (Store::atomically) can call
// repositories, whose transactions then nest as savepoints inside it.
class SqliteDatabase {
public:
    explicit SqliteDatabase(const SqliteDatabaseOptions& options);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    [[nodiscard]] std::unique_lock<std::recursive_mutex> lock() {
        return std::unique_lock<std::recursive_mutex>(mutex_);
    }

    // A prepared statement for `sql`, from the cache when one is idle.
    SqliteStatement prepare(const std::string& sql);
    // Runs one or more statements that take no parameters (migrations, pragmas).
    void exec(const std::string& sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;
    const std::string& path() const { return path_; }
    // Copies the database, as of one moment, to a new file at `path`
    // (SqliteBackup.cpp). Takes the lock a few hundred pages at a time, so
    // other threads' calls go on meanwhile; what they write through this
    // connection reaches the copy too. Throws StoreError.
    void backupTo(const std::string& path);

    // Throws StoreError for a failed SQLite call: conflict for constraint
    // violations, the connection's message and the context otherwise.
    [[noreturn]] void fail(int code, const std::string& context) const;

    // Transaction nesting, kept by SqliteTransaction (under the lock).
    int transactionDepth() const { return depth_; }
    // Lists and counts that read a whole table or index (records, outbox,
    // audit log) go to a second, read-only connection: on this one they held
    // the lock the record writer needs, so an operator paging a filtered list
    // of a million records, or a /metrics scrape, held up every terminal's
    // upload for as long. The read connection sees the last commit (WAL) and
    // waits for nobody. A thread with a transaction open here reads here, to
    // see its own uncommitted writes.
    void readThrough(SqliteDatabase& reader) { reader_ = &reader; }
    SqliteDatabase& forReading() {
        return reader_ && transactionThread_.load() != std::this_thread::get_id() ? *reader_ : *this;
    }
    // Runs `action` once the outermost open transaction commits (dropped if
    // it rolls back), or at once when none is open. Takes the lock.
    void afterCommit(std::function<void()> action);
    // The actions of a transaction that just committed, for the caller to run
    // once it released the lock.
    std::vector<std::function<void()>> takeCommitted();
private:
    friend class SqliteStatement;
    friend class SqliteTransaction;
    void giveBack(sqlite3_stmt* stmt) noexcept;
    void configure(const SqliteDatabaseOptions& options);
    void setDepth(int depth);  // by SqliteTransaction, under the lock
    void close() noexcept;

    std::string path_;
    sqlite3* db_ = nullptr;
    std::recursive_mutex mutex_;
    int depth_ = 0;                                        // open transactions (1 = BEGIN, more = savepoints)
    std::atomic<std::thread::id> transactionThread_{};     // the thread of the open transaction, if any
    SqliteDatabase* reader_ = nullptr;                     // forReading()'s connection, if any
    std::vector<std::function<void()>> pending_;           // actions of the open transaction
    std::vector<std::function<void()>> committed_;         // actions of the last commit, not yet run
    // Idle prepared statements by SQL text; a statement in use is not here,
    // so two nested uses of the same SQL each get their own.
    std::multimap<std::string, sqlite3_stmt*> idle_;
};

} // namespace passway
