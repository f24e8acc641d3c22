#pragma once

#include <cstddef>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

// The face.* configuration keys, read once at start.
// Where the models are unless face.models_dir says otherwise (declared here
// once; the application's defaults show the same value).
inline constexpr const char* kDefaultModelsDir = "var/models";

struct FaceOptions {
    std::string detectorPath;     // YuNet 2022mar ONNX
    std::string recognizerPath;   // SFace 2021dec or the MobileFaceNet _sf variant
    float matchThreshold = 0;     // cosine; <= 0: the recognizer's measured default (FaceModelCatalog)
    int workers = 2;              // inference threads, one pair of networks each
    std::size_t queue = 64;       // jobs waiting for a worker before callers hear "busy"
    int searchThreads = 2;        // threads that share one scan of a large gallery
    int detectMaxSide = 640;      // images are scaled down to this long side for detection
    float detectScore = 0.6f;     // detector threshold: weaker candidates are not faces at all
    // Enrollment quality check.
    int minFaceSize = 64;         // pixels, the shorter side of the face box in the original image
    float minScore = 0.75f;       // detector confidence (LFW: 1st percentile 0.80)
    double minSharpness = 25.0;   // variance of the Laplacian of the aligned 112x112 face (LFW: 1st percentile 32)
    float maxYaw = 0.35f;         // |nose offset from the eyes' middle| / eye distance
    float maxRollDegrees = 25.0f; // tilt of the line through the eyes
    std::size_t maxImagePixels = 40'000'000;  // larger images are refused before decoding

    static FaceOptions fromConfig(const Poco::Util::AbstractConfiguration& config);
};

// What the host knows about a recognizer file: a stable name (stored with
// each embedding, so that a change of model re-computes them) and the
// threshold measured for it.
struct FaceModelInfo {
    std::string name;
    float defaultThreshold;
};

FaceModelInfo describeRecognizer(const std::string& path);

} // namespace passway
