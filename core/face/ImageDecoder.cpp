#include "face/ImageDecoder.h"

#include "passway/FaceTypes.h"

#include <opencv2/imgcodecs.hpp>

namespace passway {

namespace {

int be16(const std::string& b, std::size_t at) {
    return (static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]);
}

std::uint32_t be32(const std::string& b, std::size_t at) {
    return (std::uint32_t(static_cast<unsigned char>(b[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(b[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(b[at + 2])) << 8) | static_cast<unsigned char>(b[at + 3]);
}

std::optional<ImageSize> jpegSize(const std::string& b) {
    // Walk the marker segments up to the first start-of-frame.
    std::size_t at = 2;
    while (at + 4 <= b.size()) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
        const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) { ++at; continue; }  // fill byte
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { at += 2; continue; }
        const int length = be16(b, at + 2);
        if (length < 2) return std::nullopt;
        const bool startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (at + 9 > b.size()) return std::nullopt;
            return ImageSize{be16(b, at + 7), be16(b, at + 5)};
        }
        at += 2 + static_cast<std::size_t>(length);
    }
    return std::nullopt;
}

} // namespace

std::optional<ImageSize> ImageDecoder::headerSize(const std::string& b) {
    if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8) {
        return jpegSize(b);
    }
    if (b.size() >= 24 && b.compare(0, 8, std::string("\x89PNG\r\n\x1A\n", 8)) == 0 && b.compare(12, 4, "IHDR") == 0) {
        const std::uint32_t w = be32(b, 16), h = be32(b, 20);
        if (w > 1u << 30 || h > 1u << 30) return ImageSize{1 << 30, 1 << 30};
        return ImageSize{static_cast<int>(w), static_cast<int>(h)};
    }
    return std::nullopt;
}

cv::Mat ImageDecoder::decode(const std::string& bytes) const {
    if (bytes.empty()) throw FaceError(FaceError::Kind::BadImage, "bad_image", "the image is empty");
    const auto size = headerSize(bytes);
    if (!size) throw FaceError(FaceError::Kind::BadImage, "bad_image", "the image is not a JPEG or PNG file");
    if (size->width <= 0 || size->height <= 0 ||
        static_cast<std::size_t>(size->width) * static_cast<std::size_t>(size->height) > maxPixels_) {
        throw FaceError(FaceError::Kind::BadImage, "bad_image",
                        "the image is " + std::to_string(size->width) + "x" + std::to_string(size->height) +
                            " pixels; at most " + std::to_string(maxPixels_) + " pixels are accepted");
    }
    cv::Mat image;
    try {
        const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
        image = cv::imdecode(raw, cv::IMREAD_COLOR);
    } catch (const cv::Exception&) {
        image.release();
    }
    if (image.empty()) throw FaceError(FaceError::Kind::BadImage, "bad_image", "the image cannot be decoded (damaged file?)");
    return image;
}

} // namespace passway
