#include "store/postgresql/PgArray.h"

#include <cstdio>

namespace passway {

void PgArray::add(std::optional<double> value) {
    if (!value) return addNull();
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", *value);
    separate() += text;
}

void PgArray::add(std::string_view text) {
    // Always quoted: an unquoted NULL, an empty string or a comma would
    // otherwise read as something else.
    std::string& out = separate();
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
}

} // namespace passway
