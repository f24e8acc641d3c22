#pragma once

#include "face/FaceOptions.h"
#include "passway/FaceTypes.h"

#include <opencv2/core/mat.hpp>

#include <vector>

namespace passway {

// Whether a photo is good enough to enroll a person: exactly one face, big
// enough, detected with confidence, roughly frontal, sharp. Each refusal is a
// FaceError(Rejected) whose message a person at the enrollment desk can act on.
class QualityCheck {
public:
    explicit QualityCheck(const FaceOptions& options) : options_(options) {}

    // Picks the one face of the photo, or throws. `faces` come largest first.
    const DetectedFace& selectFace(const std::vector<DetectedFace>& faces) const;
    // Refuses a blurry aligned face; returns its sharpness.
    double checkSharpness(const cv::Mat& aligned) const;

    // Variance of the Laplacian of the grey image: low for blur.
    static double sharpness(const cv::Mat& bgr);
    // |horizontal offset of the nose from the eyes' middle| / eye distance:
    // about 0 for a frontal face, towards 1 for a profile.
    static float yaw(const DetectedFace& face);
    // Angle of the eye line to the horizontal, in degrees.
    static float rollDegrees(const DetectedFace& face);

private:
    FaceOptions options_;
};

} // namespace passway
