#include "store/sqlite/SqliteStatement.h"

#include "store/sqlite/SqliteDatabase.h"

#include <sqlite3.h>

namespace passway {

SqliteStatement::SqliteStatement(SqliteDatabase& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
    if (stmt_) db_->giveBack(stmt_);
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    const int code = sqlite3_bind_int64(stmt_, index, value);
    if (code != SQLITE_OK) db_->fail(code, "binding parameter " + std::to_string(index));
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    const int code = sqlite3_bind_double(stmt_, index, value);
    if (code != SQLITE_OK) db_->fail(code, "binding parameter " + std::to_string(index));
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so temporaries are safe to bind.
    const int code = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (code != SQLITE_OK) db_->fail(code, "binding parameter " + std::to_string(index));
    return *this;
}

SqliteStatement& SqliteStatement::bindBlob(int index, std::string_view bytes) {
    const int code = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) db_->fail(code, "binding parameter " + std::to_string(index));
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    const int code = sqlite3_bind_null(stmt_, index);
    if (code != SQLITE_OK) db_->fail(code, "binding parameter " + std::to_string(index));
    return *this;
}

bool SqliteStatement::step() {
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    // The statement is reset when it goes back to the cache.
    const std::string sql = sqlite3_sql(stmt_);
    db_->fail(code, sql.substr(0, 200));
}

void SqliteStatement::run() {
    while (step()) {
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!data) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string SqliteStatement::blob(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (!data) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::int64_t> SqliteStatement::optionalInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return int64(column);
}

std::optional<double> SqliteStatement::optionalReal(int column) const {
    if (isNull(column)) return std::nullopt;
    return real(column);
}

} // namespace passway
