#pragma once

#include <chrono>
#include <string>

struct pg_conn;

namespace passway {

// A connection of its own, outside the pool, for what lives as long as a
// session does: LISTEN and session-level advisory locks. Unlike a pooled
// PgConnection it never reconnects behind the caller's back, since a new
// session has lost what the old one held; the caller reconnects and knows.
class PgOwnConnection {
public:
    PgOwnConnection(std::string url, int connectTimeoutS);
    ~PgOwnConnection();
    PgOwnConnection(const PgOwnConnection&) = delete;
    PgOwnConnection& operator=(const PgOwnConnection&) = delete;

    bool open() const;
    // Connects when closed; false (and closed) when the database cannot be reached.
    bool ensureOpen();
    void close();
    // Runs one statement without parameters and returns the first row's first
    // value ("" when none); closes the connection and throws StoreError on failure.
    std::string query(const std::string& sql);
    // Waits up to `timeout` for notifications; true when one or more arrived
    // (all are consumed). A broken connection is closed (false).
    bool awaitNotification(std::chrono::milliseconds timeout);

private:
    std::string url_;
    int connectTimeoutS_;
    pg_conn* conn_ = nullptr;
};

} // namespace passway
