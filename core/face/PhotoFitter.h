#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace passway {

// Makes a photo something a terminal takes: a JPEG of at most `maxBytes`.
// Terminals refuse bigger photos (HTTPv2 error 3, "需要小于500kb") and
// formats other than JPEG; the admin API accepts PNG and photos up to 2 MiB.
class PhotoFitter {
public:
    // `bytes` itself when it is a JPEG within the limit; else a re-encoded
    // JPEG, quality stepped down and then the picture scaled until it fits.
    // nullopt when the bytes are no image (or cannot be made to fit).
    static std::optional<std::string> fit(const std::string& bytes, std::size_t maxBytes);
};

} // namespace passway
