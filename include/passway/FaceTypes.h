#pragma once

// Plain types of the face service, shared by the host, the admin API and
// plugins (through plugin/PluginApi.h). No OpenCV type appears here, so a
// plugin needs no OpenCV headers to use the service.

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace passway {

struct FacePoint {
    float x = 0;
    float y = 0;
};

// One face found in an image, in the image's pixel coordinates.
struct DetectedFace {
    float x = 0, y = 0, width = 0, height = 0;
    float score = 0;  // detector confidence, 0..1
    // Right eye, left eye, nose tip, right and left mouth corner (as seen from
    // the person: "right eye" is on the image's left), YuNet's order.
    std::array<FacePoint, 5> landmarks{};
};

// A person whose enrolled face matches, with the cosine similarity (-1..1).
struct FaceMatch {
    std::uint32_t userId = 0;
    float score = 0;
};

// An enrollment photo that passed the quality check, and its embedding.
struct FaceEnrollment {
    DetectedFace face;
    std::vector<float> embedding;  // L2-normalized
    double sharpness = 0;          // variance of the Laplacian of the aligned face
};

struct FaceVerification {
    float score = 0;  // cosine similarity of the two faces
    bool same = false;  // score >= the match threshold
    DetectedFace a, b;
};

struct FaceIdentification {
    DetectedFace face;               // the largest face of the image, the one searched
    std::vector<FaceMatch> matches;  // at or above the threshold, best first
    std::vector<float> embedding;    // of that face, L2-normalized
};

// Why a face service call did not give an answer. `code` is stable and
// machine-readable; what() is a sentence a person understands.
class FaceError : public std::runtime_error {
public:
    enum class Kind {
        Unavailable,  // no models configured or loadable
        Busy,         // the inference queue is full; try again shortly
        BadImage,     // the bytes are not an image OpenCV can decode, or it is too large
        Rejected,     // the image decoded but the face is unusable (no face, two faces, blurry, ...)
        Internal,
    };

    FaceError(Kind kind, std::string code, const std::string& message, std::string subject = {})
        : std::runtime_error(message), kind_(kind), code_(std::move(code)), subject_(std::move(subject)) {}

    Kind kind() const { return kind_; }
    // Which input is at fault when a call takes several ("a" or "b" for
    // verify); empty otherwise.
    const std::string& subject() const { return subject_; }
    // Rejections: no_face, several_faces, face_too_small, low_score, blurry,
    // not_frontal. Others: face_unavailable, busy, bad_image, internal.
    const std::string& code() const { return code_; }

private:
    Kind kind_;
    std::string code_;
    std::string subject_;
};

} // namespace passway
