#include "wire/Form.h"

#include <cctype>
#include <stdexcept>

namespace passway::henan {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(const std::string& text, std::size_t from, std::size_t to) {
    std::string out;
    out.reserve(to - from);
    for (std::size_t i = from; i < to; ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            if (i + 2 >= to) throw std::invalid_argument("a '%' escape is cut short");
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi < 0 || lo < 0) throw std::invalid_argument("a '%' escape is not two hex digits");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

FormParams parseForm(const std::string& text) {
    FormParams params;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('&', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) {
            const std::size_t eq = text.find('=', start);
            if (eq == std::string::npos || eq > end) {
                params.emplace_back(decode(text, start, end), "");
            } else {
                params.emplace_back(decode(text, start, eq), decode(text, eq + 1, end));
            }
        }
        start = end + 1;
    }
    return params;
}

std::string encodeForm(const FormParams& params) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        for (const std::string* part : {&name, &value}) {
            for (unsigned char c : *part) {
                if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                    out += static_cast<char>(c);
                } else {
                    out += '%';
                    out += hex[c >> 4];
                    out += hex[c & 15];
                }
            }
            if (part == &name) out += '=';
        }
    }
    return out;
}

}  // namespace passway::henan
