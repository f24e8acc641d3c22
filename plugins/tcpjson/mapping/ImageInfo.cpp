#include "mapping/ImageInfo.h"

#include <cstdint>

namespace passway::tcpjson {

namespace {

unsigned byteAt(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
unsigned be16(std::string_view b, std::size_t i) { return byteAt(b, i) << 8 | byteAt(b, i + 1); }
std::uint32_t be32(std::string_view b, std::size_t i) {
    return static_cast<std::uint32_t>(be16(b, i)) << 16 | be16(b, i + 2);
}

std::optional<ImageInfo> jpeg(std::string_view b) {
    std::size_t i = 2;
    while (i + 9 < b.size()) {
        if (byteAt(b, i) != 0xff) return std::nullopt;
        const unsigned marker = byteAt(b, i + 1);
        if (marker == 0xff) {  // fill byte
            ++i;
            continue;
        }
        if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
            i += 2;
            continue;
        }
        const unsigned length = be16(b, i + 2);
        // Start-of-frame markers (baseline, progressive, ...), not DHT/JPG/DAC.
        if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
            return ImageInfo{static_cast<int>(be16(b, i + 7)), static_cast<int>(be16(b, i + 5)), 2};
        }
        if (length < 2) return std::nullopt;
        i += 2 + length;
    }
    return std::nullopt;
}

} // namespace

std::optional<ImageInfo> ImageInfo::of(std::string_view b) {
    if (b.size() > 3 && byteAt(b, 0) == 0xff && byteAt(b, 1) == 0xd8) return jpeg(b);
    if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) && b.substr(12, 4) == "IHDR") {
        return ImageInfo{static_cast<int>(be32(b, 16)), static_cast<int>(be32(b, 20)), 3};
    }
    return std::nullopt;
}

} // namespace passway::tcpjson
