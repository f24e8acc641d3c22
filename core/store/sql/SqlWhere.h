#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace passway {

using SqlValue = std::variant<std::int64_t, double, std::string>;

// A WHERE clause for listings with optional filters. Conditions are fixed SQL
// fragments written in the repositories, with '?' for each value; the values
// are only ever bound, never spliced into the text. Either database's
// statement takes the values (the '?' become $N on PostgreSQL).
class SqlWhere {
public:
    SqlWhere& add(const std::string& condition, std::vector<SqlValue> values = {});

    // "" or " WHERE a AND b ...".
    std::string sql() const;
    // Binds the values to parameters 1..n; returns n.
    template <typename Statement>
    int bindTo(Statement& statement) const {
        int index = 0;
        for (const auto& value : values_) {
            ++index;
            std::visit([&](const auto& v) { statement.bind(index, v); }, value);
        }
        return index;
    }

private:
    std::vector<std::string> conditions_;
    std::vector<SqlValue> values_;
};

// "?, ?, ?" for an IN list of `count` values.
std::string sqlPlaceholders(std::size_t count);

// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in `text`
// escaped by '\' (use with ESCAPE '\').
std::string likeContains(const std::string& text);

// " LIMIT ? OFFSET ?" and its binding at parameters after `bound` values.
// A negative offset counts as 0; a limit <= 0 returns no rows (the total alone).
inline constexpr const char* kPageClause = " LIMIT ? OFFSET ?";
template <typename Statement>
void bindPage(Statement& statement, int bound, int offset, int limit) {
    statement.bind(bound + 1, limit > 0 ? limit : 0);
    statement.bind(bound + 2, std::max(offset, 0));
}

} // namespace passway
