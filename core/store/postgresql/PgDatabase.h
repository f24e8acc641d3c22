#pragma once

#include "store/postgresql/PgPool.h"
#include "store/postgresql/PgStatement.h"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway {

class PgDatabase;

// A pooled connection bound to the calling thread while this object (and any
// nested one on the same thread) lives; given back to the pool by the last.
class PgSession {
public:
    explicit PgSession(PgDatabase& db);
    ~PgSession();
    PgSession(PgSession&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;
    PgSession& operator=(PgSession&&) = delete;

private:
    PgDatabase* db_;
};

// A PostgreSQL database behind a bounded connection pool, shared by all
// repositories of a store. It keeps SqliteDatabase's shape so that each
// repository reads the same in both: callers take lock() for the whole of an
// operation, which binds one connection to the thread, so a transaction's
// statements (and a unit of work, Store::atomically, with all repositories it
// calls) run on one connection. Other threads work on other connections at
// the same time; writers are ordered by PgTransaction.
class PgDatabase {
public:
    explicit PgDatabase(PgPoolOptions options);
    ~PgDatabase();
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    [[nodiscard]] PgSession lock() { return PgSession(*this); }

    // A statement for `sql` written with SQLite's '?' (or '?N') parameters,
    // which become $1, $2, ... Call only under lock().
    PgStatement prepare(const std::string& sql);
    // Runs statements that take no parameters (migrations, BEGIN, COMMIT).
    void exec(const std::string& sql);

    std::int64_t changes();
    // Where the store lives, without the password.
    std::string describe() const;

    int transactionDepth();
    void afterCommit(std::function<void()> action);
    std::vector<std::function<void()>> takeCommitted();

    // The calling thread's connection (under lock()).
    PgConnection& connection();

private:
    friend class PgSession;
    void bind();
    void unbind() noexcept;

    struct Held {
        std::unique_ptr<PgConnection> connection;
        int count = 0;
    };

    PgPool pool_;
    std::mutex mutex_;
    std::map<std::thread::id, Held> held_;
};

// SQLite's '?' and '?N' parameters as PostgreSQL's $N; quoted text is kept.
std::string pgParameters(const std::string& sql);

} // namespace passway
