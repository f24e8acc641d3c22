#pragma once

// Images for tests that need a photo but not a real face (records, person
// photos stored without a face check, snapshots): made here, so those tests
// depend on no data outside the repository.

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <functional>
#include <string>
#include <vector>

namespace passway::test {

// A real JPEG (decodable, 320×240), different for each `seed`: a gradient
// and a few shapes whose colours and places follow the seed.
inline std::string generatedJpeg(const std::string& seed) {
    const std::size_t h = std::hash<std::string>{}(seed);
    cv::Mat image(240, 320, CV_8UC3);
    for (int y = 0; y < image.rows; ++y) {
        for (int x = 0; x < image.cols; ++x) {
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar((x + h) % 256), uchar((y * 2 + (h >> 8)) % 256), uchar(h >> 16));
        }
    }
    cv::rectangle(image, {int(h % 120), int((h >> 4) % 80)}, {200, 160}, {uchar(h >> 24), 200, 40}, -1);
    cv::circle(image, {240, int(120 + (h >> 12) % 60)}, 40, {200, uchar(h >> 20), 30}, -1);
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace passway::test
