#include "face/PhotoFitter.h"

#include "face/ImageDecoder.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace passway {

namespace {

constexpr std::size_t kMaxPixels = 40'000'000;  // what a 2 MiB upload may honestly hold
constexpr int kMinSide = 64;

bool isJpeg(const std::string& bytes) {
    return bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
}

std::optional<std::string> encode(const cv::Mat& image, int quality) {
    std::vector<uchar> out;
    if (!cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, quality})) return std::nullopt;
    return std::string(out.begin(), out.end());
}

} // namespace

std::optional<std::string> PhotoFitter::fit(const std::string& bytes, std::size_t maxBytes) {
    if (isJpeg(bytes) && bytes.size() <= maxBytes) return bytes;
    cv::Mat image;
    try {
        image = ImageDecoder(kMaxPixels).decode(bytes);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (image.empty()) return std::nullopt;
    // Quality first (a face stays recognisable down to ~60), then size.
    for (int quality : {90, 80, 70, 60}) {
        const auto jpeg = encode(image, quality);
        if (jpeg && jpeg->size() <= maxBytes) return jpeg;
    }
    cv::Mat scaled = image;
    while (std::min(scaled.cols, scaled.rows) * 3 / 4 >= kMinSide) {
        cv::Mat smaller;
        cv::resize(scaled, smaller, cv::Size(scaled.cols * 3 / 4, scaled.rows * 3 / 4), 0, 0, cv::INTER_AREA);
        scaled = smaller;
        const auto jpeg = encode(scaled, 80);
        if (jpeg && jpeg->size() <= maxBytes) return jpeg;
    }
    return std::nullopt;
}

} // namespace passway
