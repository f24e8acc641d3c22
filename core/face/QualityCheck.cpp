#include "face/QualityCheck.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>

namespace passway {

namespace {

FaceError rejected(const char* code, const std::string& message) {
    return FaceError(FaceError::Kind::Rejected, code, message);
}

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

} // namespace

const DetectedFace& QualityCheck::selectFace(const std::vector<DetectedFace>& faces) const {
    if (faces.empty()) throw rejected("no_face", "no face was found in the photo");
    // Faces that would count as a person of their own: clear and big enough.
    // A blurred stranger far in the background does not refuse the photo.
    std::size_t clear = 0;
    for (const auto& f : faces) {
        if (f.score >= options_.minScore && std::min(f.width, f.height) >= options_.minFaceSize) ++clear;
    }
    if (clear > 1) {
        throw rejected("several_faces", "the photo shows " + std::to_string(clear) +
                                            " faces; an enrollment photo must show exactly one person");
    }
    const DetectedFace& face = faces.front();
    const float side = std::min(face.width, face.height);
    if (side < options_.minFaceSize) {
        throw rejected("face_too_small", "the face is " + std::to_string(static_cast<int>(side)) +
                                             " pixels wide; at least " + std::to_string(options_.minFaceSize) +
                                             " are needed (come closer or use a larger photo)");
    }
    if (face.score < options_.minScore) {
        throw rejected("low_score", "the face is not clearly visible (detector confidence " + fixed(face.score, 2) +
                                        ", at least " + fixed(options_.minScore, 2) +
                                        " needed); check lighting and that nothing covers the face");
    }
    const float turn = yaw(face);
    if (turn > options_.maxYaw) {
        throw rejected("not_frontal", "the face is turned to the side (yaw " + fixed(turn, 2) + ", at most " +
                                          fixed(options_.maxYaw, 2) + "); look straight into the camera");
    }
    const float roll = std::fabs(rollDegrees(face));
    if (roll > options_.maxRollDegrees) {
        throw rejected("not_frontal", "the head is tilted by " + fixed(roll, 0) + " degrees (at most " +
                                          fixed(options_.maxRollDegrees, 0) + "); hold the head upright");
    }
    return face;
}

double QualityCheck::checkSharpness(const cv::Mat& aligned) const {
    const double value = sharpness(aligned);
    if (value < options_.minSharpness) {
        throw rejected("blurry", "the face is blurred (sharpness " + fixed(value, 1) + ", at least " +
                                     fixed(options_.minSharpness, 1) + " needed); hold still and focus the camera");
    }
    return value;
}

double QualityCheck::sharpness(const cv::Mat& bgr) {
    cv::Mat grey, laplacian;
    if (bgr.channels() == 3) {
        cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    } else {
        grey = bgr;
    }
    cv::Laplacian(grey, laplacian, CV_64F);
    cv::Scalar mean, deviation;
    cv::meanStdDev(laplacian, mean, deviation);
    return deviation[0] * deviation[0];
}

float QualityCheck::yaw(const DetectedFace& face) {
    const auto& rightEye = face.landmarks[0];
    const auto& leftEye = face.landmarks[1];
    const auto& nose = face.landmarks[2];
    const float dx = leftEye.x - rightEye.x, dy = leftEye.y - rightEye.y;
    const float eyes = std::sqrt(dx * dx + dy * dy);
    if (eyes <= 0) return 1.0f;
    // Project the nose on the eye line, measured from the eyes' middle.
    const float mx = (leftEye.x + rightEye.x) / 2, my = (leftEye.y + rightEye.y) / 2;
    const float along = ((nose.x - mx) * dx + (nose.y - my) * dy) / eyes;
    return std::fabs(along) / eyes;
}

float QualityCheck::rollDegrees(const DetectedFace& face) {
    const auto& rightEye = face.landmarks[0];
    const auto& leftEye = face.landmarks[1];
    return static_cast<float>(std::atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x) * 180.0 / M_PI);
}

} // namespace passway
