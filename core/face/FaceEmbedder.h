#pragma once

#include "passway/FaceTypes.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/objdetect/face.hpp>

#include <string>
#include <vector>

namespace passway {

// cv::FaceRecognizerSF: aligns a detected face to the 112x112 five-point
// template and runs the recognizer. Not thread-safe: each worker owns one.
class FaceEmbedder {
public:
    explicit FaceEmbedder(const std::string& modelPath);

    // The aligned 112x112 BGR face.
    cv::Mat align(const cv::Mat& bgr, const DetectedFace& face);
    // The L2-normalized embedding of an aligned face.
    std::vector<float> embed(const cv::Mat& aligned);

    static float cosine(const std::vector<float>& a, const std::vector<float>& b);

private:
    cv::Ptr<cv::FaceRecognizerSF> net_;
};

} // namespace passway
