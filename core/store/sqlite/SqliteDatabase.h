#pragma once

#include "store/sqlite/SqliteStatement.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace passway {

struct SqliteDatabaseOptions {
    std::string path;
    std::string synchronous = "FULL";  // FULL | NORMAL | EXTRA
    int busyTimeoutMs = 5000;
};

// One SQLite connection in WAL mode, shared by all repositories of a store.
// A single mutex serialises every use: SQLite writes one transaction at a time
// anyway, and one connection keeps "my own write is visible to my next read"
// trivially true. Callers take lock() for the whole of an operation (several
// statements, a transaction) and prepare statements only while holding it.
class SqliteDatabase {
public:
    explicit SqliteDatabase(const SqliteDatabaseOptions& options);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }

    // A prepared statement for `sql`, from the cache when one is idle.
    SqliteStatement prepare(const std::string& sql);
    // Runs one or more statements that take no parameters (migrations, pragmas).
    void exec(const std::string& sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;
    const std::string& path() const { return path_; }

    // Throws StoreError for a failed SQLite call: conflict for constraint
    // violations, the connection's message and the context otherwise.
    [[noreturn]] void fail(int code, const std::string& context) const;

private:
    friend class SqliteStatement;
    void giveBack(sqlite3_stmt* stmt) noexcept;
    void configure(const SqliteDatabaseOptions& options);
    void close() noexcept;

    std::string path_;
    sqlite3* db_ = nullptr;
    std::mutex mutex_;
    // Idle prepared statements by SQL text; a statement in use is not here,
    // so two nested uses of the same SQL each get their own.
    std::multimap<std::string, sqlite3_stmt*> idle_;
};

} // namespace passway
