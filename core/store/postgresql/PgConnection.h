#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace passway {

// The values of one statement's parameters, in libpq's shape: text unless
// `binary` (bytea), NULL when a value is absent. Type 0 lets the server infer
// the type from where the parameter stands.
struct PgParams {
    std::vector<std::optional<std::string>> values;
    std::vector<unsigned int> types;   // Oid
    std::vector<int> binary;
};

struct PgResultDeleter {
    void operator()(pg_result* result) const noexcept;
};
using PgResult = std::unique_ptr<pg_result, PgResultDeleter>;

// One libpq connection and the unit of work open on it. A connection is used
// by one thread at a time (PgDatabase binds it to a thread while borrowed),
// so nothing here locks.
class PgConnection {
public:
    PgConnection(const std::string& url, int connectTimeoutS);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs one statement with parameters; throws StoreError (conflict for
    // SQLSTATE class 23, integrity violations). Outside a transaction a
    // statement that finds the connection broken reconnects and runs once
    // more: once a restarted database is back, no call fails for it.
    PgResult run(const std::string& sql, const PgParams& params);
    // Runs statements without parameters (migrations, BEGIN, COMMIT).
    void exec(const std::string& sql);
    // Whether the connection is up; a broken one is dropped by the pool.
    bool healthy() const;

    // Rows the last statement inserted, updated or deleted.
    std::int64_t changes = 0;
    // The open unit of work (kept by PgTransaction): 1 = BEGIN, more = savepoints.
    int depth = 0;
    std::vector<std::function<void()>> pending;    // afterCommit actions of the open transaction
    std::vector<std::function<void()>> committed;  // actions of the last commit, not yet run

private:
    void connect();
    PgResult runOnce(const std::string& sql, const PgParams* params);
    [[noreturn]] void fail(pg_result* result, const std::string& sql) const;

    std::string url_;
    int connectTimeoutS_;
    pg_conn* conn_ = nullptr;
};

} // namespace passway
