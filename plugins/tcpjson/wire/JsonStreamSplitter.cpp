#include "wire/JsonStreamSplitter.h"

namespace passway::tcpjson {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string printable(char c) {
    if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
    static const char* hex = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("0x") + hex[u >> 4] + hex[u & 15];
}

} // namespace

void JsonStreamSplitter::countValue() {
    if (++values_ > kMaxValues) {
        throw FramingError("JSON object with more than " + std::to_string(kMaxValues) + " values");
    }
}

void JsonStreamSplitter::feed(std::string_view bytes, std::vector<std::string>& out) {
    std::size_t begin = 0;  // start of the part of `bytes` that belongs to current_
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (depth_ == 0) {
            if (isSpace(c) || c == '\0') {
                begin = i + 1;  // some terminals end each object with a NUL or CRLF
                continue;
            }
            if (c != '{') throw FramingError("expected a JSON object, got " + printable(c));
            begin = i;
            depth_ = 1;
            values_ = 1;
            continue;
        }
        if (inString_) {
            if (escaped_) {
                escaped_ = false;
            } else if (c == '\\') {
                escaped_ = true;
            } else if (c == '"') {
                inString_ = false;
            }
            continue;
        }
        if (c == '"') {
            inString_ = true;
        } else if (c == '{' || c == '[') {
            if (++depth_ > kMaxDepth) {
                throw FramingError("JSON object nested deeper than " + std::to_string(kMaxDepth) + " levels");
            }
            countValue();
        } else if (c == ',') {
            countValue();
        } else if (c == '}' || c == ']') {
            if (--depth_ == 0) {
                // Found by fuzz_tcpjson_splitter: "{ ]" closed the object at
                // ']' and handed out a text that is not an object. Brackets
                // deeper inside are the parser's business; the outermost
                // one decides where the object ends, so it must be '}'.
                if (c != '}') throw FramingError("JSON object closed by ']'");
                const std::size_t size = current_.size() + (i + 1 - begin);
                if (size > maxObjectBytes_) {
                    throw FramingError("JSON object of " + std::to_string(size) + " bytes exceeds the limit of " +
                                       std::to_string(maxObjectBytes_));
                }
                current_.append(bytes.substr(begin, i + 1 - begin));
                out.push_back(std::move(current_));
                current_.clear();
                begin = i + 1;
            }
        }
    }
    if (depth_ > 0) {
        current_.append(bytes.substr(begin));
        if (current_.size() > maxObjectBytes_) {
            throw FramingError("JSON object exceeds the limit of " + std::to_string(maxObjectBytes_) + " bytes");
        }
    }
}

} // namespace passway::tcpjson
