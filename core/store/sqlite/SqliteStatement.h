#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace passway {

class SqliteDatabase;

// One prepared statement in use. It is borrowed from the database's cache and
// handed back, reset and unbound, when this object goes away, so a statement
// never keeps a read transaction open after its caller is done with it.
// Use it only while holding the database lock.
class SqliteStatement {
public:
    SqliteStatement(SqliteDatabase& db, sqlite3_stmt* stmt);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    SqliteStatement& operator=(SqliteStatement&&) = delete;

    // Parameters are numbered from 1, as in SQLite.
    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, std::uint32_t value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view value);
    SqliteStatement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    SqliteStatement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    SqliteStatement& bindNull(int index);
    // Binds bytes as a BLOB (bind() of a string binds TEXT).
    SqliteStatement& bindBlob(int index, std::string_view bytes);
    template <typename T>
    SqliteStatement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    // Binds the arguments to parameters 1, 2, ... in order.
    template <typename... Args>
    SqliteStatement& bindAll(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances to the next row: true when a row is available, false when done.
    bool step();
    // Runs a statement that returns no rows (or whose rows are not needed).
    void run();
    // Makes the statement ready to be bound and run again (batches).
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int int32(int column) const { return static_cast<int>(int64(column)); }
    bool boolean(int column) const { return int64(column) != 0; }
    double real(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;

private:
    SqliteDatabase* db_;
    sqlite3_stmt* stmt_;
};

} // namespace passway
