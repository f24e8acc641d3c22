#pragma once

// The data some tests need and the repository does not hold: the face
// models and photos. They come from one place, $PASSWAY_SHARED_DIR, else
// ../shared beside the source tree (models/ and faces/ inside it), never
// from a path of one machine.
//
// A test program whose tests need that data includes this header instead
// of <boost/test/unit_test.hpp> (after #define BOOST_TEST_MODULE) and guards
// those tests with a precondition made by requireData(). When data is
// missing, the program still runs everything else, but it does not pass
// silently: it exits with kSkipReturnCode, which CTest reports as "Not Run
// (Skipped)" (SKIP_RETURN_CODE, tests/CMakeLists.txt), and under CI=true it
// fails, so CI can never go green on a machine without the data.

#ifndef BOOST_TEST_MODULE
#error "define BOOST_TEST_MODULE before including support/SharedData.h"
#endif
#define BOOST_TEST_NO_MAIN
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

int main(int argc, char* argv[]) {
    const int rc = boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
    if (rc != 0) return rc;
    if (passway::test::dataSkips() > 0) {
        std::cerr << passway::test::dataSkips() << " test unit(s) skipped: shared test data missing under "
                  << passway::test::sharedDir() << "\n";
        return passway::test::underCi() ? 1 : passway::test::kSkipReturnCode;
    }
    return 0;
}
