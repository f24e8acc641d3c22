#pragma once

#include <string>
#include <string_view>

namespace passway::admin {

// The media type of an image by its first bytes, not by what a client or a
// terminal claimed: "image/jpeg", "image/png", or "" for anything else.
class ImageType {
public:
    static std::string sniff(std::string_view bytes) {
        if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
        if (bytes.size() >= 8 && bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n") return "image/png";
        return "";
    }
};

} // namespace passway::admin
