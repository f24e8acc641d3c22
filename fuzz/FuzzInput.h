#pragma once

// Splitting one fuzz input into the pieces a target needs, the same way in
// every target so seeds can be written by hand: the first line (up to '\n')
// is a header the target interprets (a boundary, an encoding, read sizes),
// the rest is the body.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace passway::fuzz {

struct HeaderAndBody {
    std::string_view header;
    std::string_view body;
};

inline HeaderAndBody splitFirstLine(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const auto newline = all.find('\n');
    if (newline == std::string_view::npos) return {std::string_view(), all};
    return {all.substr(0, newline), all.substr(newline + 1)};
}

// Read sizes for streaming parsers: the bytes of `header` taken as chunk
// lengths (1..256), cycling; no header means one read of everything.
class ChunkSizes {
public:
    explicit ChunkSizes(std::string_view header) : header_(header) {}
    std::size_t next() {
        if (header_.empty()) return SIZE_MAX;
        const auto size = static_cast<unsigned char>(header_[i_++ % header_.size()]);
        return static_cast<std::size_t>(size) + 1;
    }

private:
    std::string_view header_;
    std::size_t i_ = 0;
};

} // namespace passway::fuzz
