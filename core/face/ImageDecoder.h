#pragma once

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace passway {

struct ImageSize {
    int width = 0;
    int height = 0;
};

// JPEG and PNG bytes to a BGR image. The dimensions are read from the file
// header first, so that a small file claiming a huge picture (a decompression
// bomb) is refused before any pixel buffer is allocated.
class ImageDecoder {
public:
    explicit ImageDecoder(std::size_t maxPixels) : maxPixels_(maxPixels) {}

    // Throws FaceError(BadImage) with a reason.
    cv::Mat decode(const std::string& bytes) const;

    // Width and height from a JPEG SOF or PNG IHDR header; nullopt when
    // neither is found.
    static std::optional<ImageSize> headerSize(const std::string& bytes);

private:
    std::size_t maxPixels_;
};

} // namespace passway
