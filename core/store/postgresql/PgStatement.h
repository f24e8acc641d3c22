#pragma once

#include "store/postgresql/PgConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway {

// One statement with its parameters, run on the first step() or run() in a
// single round trip (PQexecParams); its rows are then read from the result.
// The same interface as SqliteStatement, so repositories read alike. Use it
// only while holding the database lock (the thread's connection).
class PgStatement {
public:
    PgStatement(PgConnection& connection, std::string sql);
    PgStatement(PgStatement&&) noexcept = default;
    PgStatement(const PgStatement&) = delete;
    PgStatement& operator=(const PgStatement&) = delete;
    PgStatement& operator=(PgStatement&&) = delete;

    // Parameters are numbered from 1.
    PgStatement& bind(int index, std::int64_t value);
    PgStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    PgStatement& bind(int index, std::uint32_t value) { return bind(index, static_cast<std::int64_t>(value)); }
    // As 1/0 with no declared type: valid where an integer or a boolean stands.
    PgStatement& bind(int index, bool value);
    PgStatement& bind(int index, double value);
    PgStatement& bind(int index, std::string_view value);
    PgStatement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    PgStatement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    PgStatement& bindNull(int index);
    PgStatement& bindBlob(int index, std::string_view bytes);
    template <typename T>
    PgStatement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    template <typename... Args>
    PgStatement& bindAll(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    bool step();
    void run();
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
    PgStatement& set(int index, std::optional<std::string> value, unsigned int type, int binary);
    void execute();

    PgConnection* connection_;
    std::string sql_;
    PgParams params_;
    PgResult result_;
    int row_ = -1;
    int rows_ = 0;
};

} // namespace passway
