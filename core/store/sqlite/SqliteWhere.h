#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace passway {

class SqliteStatement;

using SqliteValue = std::variant<std::int64_t, double, std::string>;

// A WHERE clause for listings with optional filters. Conditions are fixed SQL
// fragments written in the repositories, with '?' for each value; the values
// are only ever bound, never spliced into the text.
class SqliteWhere {
public:
    SqliteWhere& add(const std::string& condition, std::vector<SqliteValue> values = {});

    // "" or " WHERE a AND b ...".
    std::string sql() const;
    // Binds the values to parameters 1..n; returns n.
    int bindTo(SqliteStatement& statement) const;

private:
    std::vector<std::string> conditions_;
    std::vector<SqliteValue> values_;
};

// "?, ?, ?" for an IN list of `count` values.
std::string sqlPlaceholders(std::size_t count);

// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in `text`
// escaped by '\' (use with ESCAPE '\').
std::string likeContains(const std::string& text);

// " LIMIT ? OFFSET ?" and its binding at parameters after `bound` values.
// A negative offset counts as 0; a limit <= 0 returns no rows (the total alone).
inline constexpr const char* kPageClause = " LIMIT ? OFFSET ?";
void bindPage(SqliteStatement& statement, int bound, int offset, int limit);

} // namespace passway
