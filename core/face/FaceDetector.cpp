#include "face/FaceDetector.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace passway {

FaceDetector::FaceDetector(const std::string& modelPath, int maxSide, float scoreThreshold)
    : maxSide_(maxSide), inputSize_(320, 320) {
    net_ = cv::FaceDetectorYN::create(modelPath, "", inputSize_, scoreThreshold, 0.3f, 5000);
    if (!net_) throw std::runtime_error("cannot load the face detector " + modelPath);
}

std::vector<DetectedFace> FaceDetector::detect(const cv::Mat& bgr) {
    if (bgr.empty()) return {};
    const double scale = std::min(1.0, double(maxSide_) / std::max(bgr.cols, bgr.rows));
    cv::Mat input = bgr;
    if (scale < 1.0) cv::resize(bgr, input, cv::Size(), scale, scale, cv::INTER_AREA);
    // The network throws on a side below 64 pixels (32 fails in OpenCV 4.6); a strip
    // or a thumbnail is padded instead (no face is in the padding).
    constexpr int kMinSide = 64;
    if (input.cols < kMinSide || input.rows < kMinSide) {
        cv::Mat padded;
        cv::copyMakeBorder(input, padded, 0, std::max(0, kMinSide - input.rows), 0, std::max(0, kMinSide - input.cols),
                           cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
        input = padded;
    }
    if (input.size() != inputSize_) {
        inputSize_ = input.size();
        net_->setInputSize(inputSize_);
    }
    cv::Mat rows;
    net_->detect(input, rows);

    std::vector<DetectedFace> faces;
    const float back = static_cast<float>(1.0 / scale);
    for (int r = 0; r < rows.rows; ++r) {
        const float* v = rows.ptr<float>(r);
        DetectedFace face;
        face.x = v[0] * back;
        face.y = v[1] * back;
        face.width = v[2] * back;
        face.height = v[3] * back;
        for (int i = 0; i < 5; ++i) face.landmarks[static_cast<std::size_t>(i)] = {v[4 + 2 * i] * back, v[5 + 2 * i] * back};
        face.score = v[14];
        faces.push_back(face);
    }
    std::sort(faces.begin(), faces.end(),
              [](const DetectedFace& a, const DetectedFace& b) { return a.width * a.height > b.width * b.height; });
    return faces;
}

cv::Mat FaceDetector::toRow(const DetectedFace& face) {
    cv::Mat row(1, 15, CV_32F);
    float* v = row.ptr<float>(0);
    v[0] = face.x;
    v[1] = face.y;
    v[2] = face.width;
    v[3] = face.height;
    for (int i = 0; i < 5; ++i) {
        v[4 + 2 * i] = face.landmarks[static_cast<std::size_t>(i)].x;
        v[5 + 2 * i] = face.landmarks[static_cast<std::size_t>(i)].y;
    }
    v[14] = face.score;
    return row;
}

} // namespace passway
