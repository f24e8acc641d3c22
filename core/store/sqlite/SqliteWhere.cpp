#include "store/sqlite/SqliteWhere.h"

#include "store/sqlite/SqliteStatement.h"

#include <algorithm>

namespace passway {

SqliteWhere& SqliteWhere::add(const std::string& condition, std::vector<SqliteValue> values) {
    conditions_.push_back("(" + condition + ")");
    for (auto& value : values) values_.push_back(std::move(value));
    return *this;
}

std::string SqliteWhere::sql() const {
    std::string text;
    for (const auto& condition : conditions_) text += (text.empty() ? " WHERE " : " AND ") + condition;
    return text;
}

int SqliteWhere::bindTo(SqliteStatement& statement) const {
    int index = 0;
    for (const auto& value : values_) {
        ++index;
        std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    }
    return index;
}

std::string sqlPlaceholders(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
    return text;
}

std::string likeContains(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

void bindPage(SqliteStatement& statement, int bound, int offset, int limit) {
    statement.bind(bound + 1, limit > 0 ? limit : 0);
    statement.bind(bound + 2, std::max(offset, 0));
}

} // namespace passway
