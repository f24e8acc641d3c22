#pragma once

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <string>
#include <vector>

namespace passway::test {

// A real JPEG photo without a face: a gradient with a few shapes.
inline std::string noFaceJpeg() {
    cv::Mat image(480, 640, CV_8UC3);
    for (int y = 0; y < image.rows; ++y) {
        for (int x = 0; x < image.cols; ++x) image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x / 3), uchar(y / 2), 90);
    }
    cv::rectangle(image, {100, 100}, {300, 260}, {20, 200, 40}, -1);
    cv::circle(image, {450, 300}, 80, {200, 30, 30}, -1);
    std::vector<uchar> bytes;
    cv::imencode(".jpg", image, bytes);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace passway::test
