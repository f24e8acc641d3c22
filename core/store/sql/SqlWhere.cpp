#include "store/sql/SqlWhere.h"

namespace passway {

SqlWhere& SqlWhere::add(const std::string& condition, std::vector<SqlValue> values) {
    conditions_.push_back("(" + condition + ")");
    for (auto& value : values) values_.push_back(std::move(value));
    return *this;
}

std::string SqlWhere::sql() const {
    std::string text;
    for (const auto& condition : conditions_) text += (text.empty() ? " WHERE " : " AND ") + condition;
    return text;
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

} // namespace passway
