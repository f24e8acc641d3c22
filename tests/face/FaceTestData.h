#pragma once

// Where the face tests find the real models and photos: the shared data
// folder (support/SharedData.h: $PASSWAY_SHARED_DIR, else ../shared beside
// the source tree). Tests that need them are skipped visibly when they are
// absent, and fail under CI=true.

#include "support/SharedData.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace passway::test {

inline std::string modelsDir() { return sharedModelsDir(); }
inline std::string facesDir() { return sharedFacesDir(); }
inline std::string detectorModel() { return modelsDir() + "/face_detection_yunet_2022mar.onnx"; }
inline std::string recognizerModel() { return modelsDir() + "/face_recognition_mobilefacenet_foamliu_sf.onnx"; }

inline std::string photo(const std::string& name) {
    std::ifstream in(facesDir() + "/photos/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A Boost.Test precondition: the models and photos are on this machine
// (else the test is skipped and the program reports it, see SharedData.h).
struct FaceDataPresent {
    boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
        namespace fs = std::filesystem;
        return requireData(fs::exists(detectorModel()) && fs::exists(recognizerModel()) &&
                               fs::exists(facesDir() + "/photos/obama.jpg"),
                           "face models (models/) or photos (faces/photos/)");
    }
};

} // namespace passway::test
