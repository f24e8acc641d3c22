#pragma once

#include "passway/FaceTypes.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>
#include <opencv2/objdetect/face.hpp>

#include <string>
#include <vector>

namespace passway {

// YuNet through cv::FaceDetectorYN. Not thread-safe (the network's input
// size changes with each image): each worker owns one.
class FaceDetector {
public:
    // Throws cv::Exception / std::runtime_error when the model cannot be loaded.
    FaceDetector(const std::string& modelPath, int maxSide, float scoreThreshold);

    // Faces in image coordinates, largest first. Images whose long side
    // exceeds maxSide are scaled down for the network (faces are found just
    // as well, much faster) and the boxes scaled back.
    std::vector<DetectedFace> detect(const cv::Mat& bgr);

    // The 1x15 row cv::FaceRecognizerSF::alignCrop expects.
    static cv::Mat toRow(const DetectedFace& face);

private:
    cv::Ptr<cv::FaceDetectorYN> net_;
    int maxSide_;
    cv::Size inputSize_;
};

} // namespace passway
