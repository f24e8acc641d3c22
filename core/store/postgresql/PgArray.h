#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway {

// PostgreSQL's text form of a one-dimensional array ('{1,NULL,"a\"b"}'),
// built element by element, so that a whole batch of values travels as one
// parameter per column (unnest($1::bigint[], $2::text[], ...)): one round
// trip however many rows.
class PgArray {
public:
    void add(std::int64_t value) { separate() += std::to_string(value); }
    void add(std::optional<std::int64_t> value) { value ? add(*value) : addNull(); }
    void add(std::optional<double> value);
    void add(std::string_view text);
    void add(const std::optional<std::string>& text) { text ? add(std::string_view(*text)) : addNull(); }
    void addNull() { separate() += "NULL"; }

    std::string text() const { return "{" + body_ + "}"; }

private:
    std::string& separate() {
        if (!empty_) body_ += ',';
        empty_ = false;
        return body_;
    }

    std::string body_;
    bool empty_ = true;
};

} // namespace passway
