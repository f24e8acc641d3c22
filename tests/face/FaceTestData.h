#pragma once

// Where the face tests find the real models and photos: $PASSWAY_FACE_MODELS
// and $PASSWAY_FACE_DATA, else ../shared/models and ../shared/faces beside
// the source tree (what packaging/setup.sh copies into var/models). Tests
// that need them are skipped, with this message, when they are absent.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace passway::test {

inline std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

inline std::string modelsDir() { return envOr("PASSWAY_FACE_MODELS", std::string(PASSWAY_SOURCE_DIR) + "/../shared/models"); }
inline std::string facesDir() { return envOr("PASSWAY_FACE_DATA", std::string(PASSWAY_SOURCE_DIR) + "/../shared/faces"); }
inline std::string detectorModel() { return modelsDir() + "/face_detection_yunet_2022mar.onnx"; }
inline std::string recognizerModel() { return modelsDir() + "/face_recognition_mobilefacenet_foamliu_sf.onnx"; }

inline std::string photo(const std::string& name) {
    std::ifstream in(facesDir() + "/photos/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A Boost.Test precondition: skips the test with a clear message when the
// models or photos are not on this machine.
struct FaceDataPresent {
    boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
        namespace fs = std::filesystem;
        boost::test_tools::assertion_result result(fs::exists(detectorModel()) && fs::exists(recognizerModel()) &&
                                                   fs::exists(facesDir() + "/photos/obama.jpg"));
        if (!result) {
            result.message() << "face models or photos not found (" << modelsDir() << ", " << facesDir()
                             << "); set PASSWAY_FACE_MODELS / PASSWAY_FACE_DATA to run this test";
        }
        return result;
    }
};

} // namespace passway::test
