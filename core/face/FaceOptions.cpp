#include "face/FaceOptions.h"

#include <Poco/Path.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>
#include <thread>

namespace passway {

FaceOptions FaceOptions::fromConfig(const Poco::Util::AbstractConfiguration& config) {
    FaceOptions o;
    const std::string models = config.getString("face.models_dir", kDefaultModelsDir);
    o.detectorPath = config.getString("face.detector", models + "/face_detection_yunet_2022mar.onnx");
    o.recognizerPath =
        config.getString("face.recognizer", models + "/face_recognition_mobilefacenet_foamliu_sf.onnx");
    o.matchThreshold = static_cast<float>(config.getDouble("face.match_threshold", 0.0));
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    o.workers = std::clamp(config.getInt("face.workers", cores), 1, 64);
    o.queue = static_cast<std::size_t>(std::clamp(config.getInt("face.queue", 64), 1, 100000));
    o.searchThreads = std::clamp(config.getInt("face.search_threads", std::min(cores, 4)), 1, 64);
    o.detectMaxSide = std::clamp(config.getInt("face.detect_max_side", 640), 160, 4096);
    o.detectScore = static_cast<float>(config.getDouble("face.detect_score", 0.6));
    o.minFaceSize = std::clamp(config.getInt("face.min_face_size", 64), 16, 4096);
    o.minScore = static_cast<float>(config.getDouble("face.min_score", 0.75));
    o.minSharpness = config.getDouble("face.min_sharpness", 25.0);
    o.maxYaw = static_cast<float>(config.getDouble("face.max_yaw", 0.35));
    o.maxRollDegrees = static_cast<float>(config.getDouble("face.max_roll_degrees", 25.0));
    return o;
}

FaceModelInfo describeRecognizer(const std::string& path) {
    const std::string name = Poco::Path(path).getBaseName();
    // Thresholds from measurements on the LFW pairs in ../shared/faces (see
    // bench/face/README.md and the README's face section): the cosine with
    // the best accuracy on those pairs. SFace's is OpenCV's published one.
    if (name.find("sface") != std::string::npos) return {name, 0.363f};
    if (name.find("mobilefacenet") != std::string::npos) return {name, 0.275f};  // 99.1% on pairs-dev, EER 1.4%
    return {name, 0.40f};
}

} // namespace passway
