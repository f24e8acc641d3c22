#include "store/postgresql/PgOwnConnection.h"

#include "store/StoreError.h"

#include <libpq-fe.h>
#include <poll.h>

namespace passway {

PgOwnConnection::PgOwnConnection(std::string url, int connectTimeoutS)
    : url_(std::move(url)), connectTimeoutS_(connectTimeoutS) {}

PgOwnConnection::~PgOwnConnection() { close(); }

bool PgOwnConnection::open() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

bool PgOwnConnection::ensureOpen() {
    if (open()) return true;
    close();
    const std::string timeout = std::to_string(connectTimeoutS_ > 0 ? connectTimeoutS_ : 5);
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
    const char* values[] = {timeout.c_str(), "passwayd-cluster", "UTF8", url_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!open()) {
        close();
        return false;
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    return true;
}

void PgOwnConnection::close() {
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
}

std::string PgOwnConnection::query(const std::string& sql) {
    if (!ensureOpen()) throw StoreError("postgresql: cannot connect");
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        std::string message = conn_ ? PQerrorMessage(conn_) : "no connection";
        if (result) PQclear(result);
        close();  // whatever the session held is in doubt: start over
        throw StoreError("postgresql: " + message);
    }
    std::string value;
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && PQnfields(result) > 0) value = PQgetvalue(result, 0, 0);
    PQclear(result);
    return value;
}

bool PgOwnConnection::awaitNotification(std::chrono::milliseconds timeout) {
    if (!open()) return false;
    const auto drain = [this] {
        bool any = false;
        while (PGnotify* notify = PQnotifies(conn_)) {
            any = true;
            PQfreemem(notify);
        }
        return any;
    };
    if (PQconsumeInput(conn_) == 0) {
        close();
        return false;
    }
    if (drain()) return true;
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return false;
    if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
        close();
        return false;
    }
    return drain();
}

} // namespace passway
