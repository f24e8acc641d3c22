#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace passway {

class PgStatement;

using PgValue = std::variant<std::int64_t, double, std::string>;

// A WHERE clause for listings with optional filters. Conditions are fixed SQL
// fragments written in the repositories, with '?' for each value; the values
// are only ever bound, never spliced into the text.
class PgWhere {
public:
    PgWhere& add(const std::string& condition, std::vector<PgValue> values = {});

    // "" or " WHERE a AND b ...".
    std::string sql() const;
    // Binds the values to parameters 1..n; returns n.
    int bindTo(PgStatement& statement) const;

private:
    std::vector<std::string> conditions_;
    std::vector<PgValue> values_;
};

// "?, ?, ?" for an IN list of `count` values.
std::string pgPlaceholders(std::size_t count);

// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in `text`
// escaped by '\' (use with ESCAPE '\').
std::string pgLikeContains(const std::string& text);

// " LIMIT ? OFFSET ?" and its binding at parameters after `bound` values.
// A negative offset counts as 0; a limit <= 0 returns no rows (the total alone).
inline constexpr const char* kPgPageClause = " LIMIT ? OFFSET ?";
void pgBindPage(PgStatement& statement, int bound, int offset, int limit);

} // namespace passway
