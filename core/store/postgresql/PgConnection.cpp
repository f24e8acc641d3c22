#include "store/postgresql/PgConnection.h"

#include "store/StoreError.h"

#include <libpq-fe.h>

#include <cstring>

namespace passway {

void PgResultDeleter::operator()(pg_result* result) const noexcept { PQclear(result); }

PgConnection::PgConnection(const std::string& url, int connectTimeoutS)
    : url_(url), connectTimeoutS_(connectTimeoutS) {
    connect();
}

PgConnection::~PgConnection() {
    if (conn_) PQfinish(conn_);
}

void PgConnection::connect() {
    if (conn_) PQfinish(conn_);
    const std::string timeout = std::to_string(connectTimeoutS_ > 0 ? connectTimeoutS_ : 5);
    // Defaults first: the URL (expanded from dbname) may override them.
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
    const char* values[] = {timeout.c_str(), "passwayd", "UTF8", url_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        // libpq's message names host and port, never the password.
        std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        if (conn_) PQfinish(conn_);
        conn_ = nullptr;
        throw StoreError("postgresql: cannot connect: " + message);
    }
    // Notices (e.g. "relation already exists, skipping") are not errors.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

bool PgConnection::healthy() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }

PgResult PgConnection::runOnce(const std::string& sql, const PgParams* params) {
    if (!conn_) connect();
    pg_result* raw = nullptr;
    if (params) {
        std::vector<const char*> values;
        std::vector<int> lengths;
        for (const auto& value : params->values) {
            values.push_back(value ? value->data() : nullptr);
            lengths.push_back(value ? static_cast<int>(value->size()) : 0);
        }
        const int count = static_cast<int>(values.size());
        raw = PQexecParams(conn_, sql.c_str(), count, count ? params->types.data() : nullptr,
                           count ? values.data() : nullptr, count ? lengths.data() : nullptr,
                           count ? params->binary.data() : nullptr, 0);
    } else {
        raw = PQexec(conn_, sql.c_str());
    }
    PgResult result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(raw, sql);
    const char* tuples = PQcmdTuples(raw);
    changes = tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0;
    return result;
}

PgResult PgConnection::run(const std::string& sql, const PgParams& params) {
    try {
        return runOnce(sql, &params);
    } catch (const StoreError&) {
        // Inside a transaction the work so far is lost with the connection:
        // the caller's unit of work must fail as a whole.
        if (healthy() || depth > 0) throw;
    }
    connect();
    return runOnce(sql, &params);
}

void PgConnection::exec(const std::string& sql) {
    try {
        runOnce(sql, nullptr);
        return;
    } catch (const StoreError&) {
        // BEGIN on a connection the server dropped meanwhile: reconnect once,
        // as run() does; inside a transaction the failure is the caller's.
        if (healthy() || depth > 0) throw;
    }
    connect();
    runOnce(sql, nullptr);
}

void PgConnection::fail(pg_result* result, const std::string& sql) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : "";
    if (message.empty() && conn_) message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // Class 23: integrity constraint violations (unique, foreign key, not
    // null, check), what SQLite reports as SQLITE_CONSTRAINT.
    const bool conflict = state && std::strncmp(state, "23", 2) == 0;
    throw StoreError::fromDatabase("postgresql: " + message + " (" + sql.substr(0, 200) + ")", conflict);
}

} // namespace passway
