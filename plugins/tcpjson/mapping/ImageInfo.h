#pragma once

#include <optional>
#include <string_view>

namespace passway::tcpjson {

// What download_person says of an image besides its bytes. The document's
// example has format 2 for a JPEG face photo; PNG is 3 here (README).
struct ImageInfo {
    int width = 0;
    int height = 0;
    int format = 0;  // 2 JPEG, 3 PNG, 0 unknown

    // Reads the size from the JPEG SOF or PNG IHDR header; nullopt when the
    // bytes are neither (the person is then sent without that image).
    static std::optional<ImageInfo> of(std::string_view bytes);
};

} // namespace passway::tcpjson
