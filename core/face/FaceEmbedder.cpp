#include "face/FaceEmbedder.h"

#include "face/FaceDetector.h"

#include <cmath>
#include <stdexcept>

namespace passway {

FaceEmbedder::FaceEmbedder(const std::string& modelPath) {
    net_ = cv::FaceRecognizerSF::create(modelPath, "");
    if (!net_) throw std::runtime_error("cannot load the face recognizer " + modelPath);
}

cv::Mat FaceEmbedder::align(const cv::Mat& bgr, const DetectedFace& face) {
    cv::Mat aligned;
    net_->alignCrop(bgr, FaceDetector::toRow(face), aligned);
    return aligned;
}

std::vector<float> FaceEmbedder::embed(const cv::Mat& aligned) {
    cv::Mat feature;
    net_->feature(aligned, feature);
    const cv::Mat flat = feature.reshape(1, 1);
    std::vector<float> out(flat.ptr<float>(0), flat.ptr<float>(0) + flat.cols);
    double norm = 0;
    for (const float v : out) norm += double(v) * v;
    norm = std::sqrt(norm);
    // Normalized once here, so every comparison afterwards is a plain dot product.
    if (norm > 0) {
        for (float& v : out) v = static_cast<float>(v / norm);
    }
    return out;
}

float FaceEmbedder::cosine(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size() || a.empty()) return -2.0f;
    float dot = 0;
    for (std::size_t i = 0; i < a.size(); ++i) dot += a[i] * b[i];
    return dot;
}

} // namespace passway
