#pragma once

// The data some tests need and the repository does not hold: the face
// models and photos. They come from one place, $PASSWAY_SHARED_DIR, else
// ../shared beside the source tree (models/ and faces/ inside it), never
// from a path of one machine.
//
// A test program whose tests need that data guards them with a
// precondition made by requireData(). When data is missing, the program
// still runs everything else, but it does not pass silently: its main()
// (support/TestMain.cpp.in) exits with kSkipReturnCode, which CTest reports
// as "Not Run (Skipped)" (SKIP_RETURN_CODE, tests/CMakeLists.txt), and under
// CI=true it fails, so CI can never go green on a machine without the data.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace passway::test {

inline constexpr int kSkipReturnCode = 77;

inline std::string sharedDir() {
    const char* dir = std::getenv("PASSWAY_SHARED_DIR");
    return dir && *dir ? std::string(dir) : std::string(PASSWAY_SOURCE_DIR) + "/../shared";
}
inline std::string sharedModelsDir() { return sharedDir() + "/models"; }
inline std::string sharedFacesDir() { return sharedDir() + "/faces"; }

inline bool underCi() {
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

inline std::atomic<int>& dataSkips() {
    static std::atomic<int> count{0};
    return count;
}

// A precondition's answer: true when `present`, else false with `what` as
// the reason, counted so that main() reports the skip.
inline boost::test_tools::assertion_result requireData(bool present, const std::string& what) {
    boost::test_tools::assertion_result result(present);
    if (!present) {
        ++dataSkips();
        result.message() << what << " not found under " << sharedDir()
                         << " (set PASSWAY_SHARED_DIR)" << (underCi() ? "; CI=true: this fails the run" : "");
    }
    return result;
}

} // namespace passway::test
