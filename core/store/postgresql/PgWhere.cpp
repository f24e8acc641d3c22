#include "store/postgresql/PgWhere.h"

#include "store/postgresql/PgStatement.h"

#include <algorithm>

namespace passway {

PgWhere& PgWhere::add(const std::string& condition, std::vector<PgValue> values) {
    conditions_.push_back("(" + condition + ")");
    for (auto& value : values) values_.push_back(std::move(value));
    return *this;
}

std::string PgWhere::sql() const {
    std::string text;
    for (const auto& condition : conditions_) text += (text.empty() ? " WHERE " : " AND ") + condition;
    return text;
}

int PgWhere::bindTo(PgStatement& statement) const {
    int index = 0;
    for (const auto& value : values_) {
        ++index;
        std::visit([&](const auto& v) { statement.bind(index, v); }, value);
    }
    return index;
}

std::string pgPlaceholders(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "?" : ", ?";
    return text;
}

std::string pgLikeContains(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

void pgBindPage(PgStatement& statement, int bound, int offset, int limit) {
    statement.bind(bound + 1, limit > 0 ? limit : 0);
    statement.bind(bound + 2, std::max(offset, 0));
}

} // namespace passway
