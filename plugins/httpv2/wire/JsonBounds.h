#pragma once

#include <cstddef>
#include <string_view>

namespace passway::httpv2 {

// How much JSON a terminal may make the parser build: nesting depth and
// values (objects, arrays, scalars). The largest document object, a people
// list of 1000 persons, is 3 levels deep and about 40,000 values.
struct JsonBounds {
    static constexpr std::size_t kMaxDepth = 32;
    static constexpr std::size_t kMaxValues = 200000;
};

// Scans `text` (strings skipped) before a parser builds anything from it.
// Throws ProtocolError 400 naming the bound exceeded. Linear, allocates nothing.
void checkJsonBounds(std::string_view text);

} // namespace passway::httpv2
