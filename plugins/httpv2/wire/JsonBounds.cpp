#include "wire/JsonBounds.h"

#include "wire/ProtocolError.h"

#include <string>

namespace passway::httpv2 {

void checkJsonBounds(std::string_view text) {
    std::size_t depth = 0;
    std::size_t values = 1;  // the top value
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '{':
        case '[':
            if (++depth > JsonBounds::kMaxDepth) {
                throw ProtocolError::badRequest("JSON nested deeper than " + std::to_string(JsonBounds::kMaxDepth) +
                                                " levels");
            }
            ++values;  // its first member, if any (an empty one over-counts by one: harmless)
            break;
        case '}':
        case ']':
            if (depth > 0) --depth;
            break;
        case ',':
            if (++values > JsonBounds::kMaxValues) {
                throw ProtocolError::badRequest("JSON with more than " + std::to_string(JsonBounds::kMaxValues) +
                                                " values");
            }
            break;
        default: break;
        }
    }
}

} // namespace passway::httpv2
