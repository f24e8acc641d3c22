// The main() of every Boost.Test program (cmake/PasswayTestMain.cmake),
// compiled once and linked into each: the module is named after the program
// file, which is the test's CMake target name.
//
// Boost.Test runs the cases; then a program some of whose cases were skipped
// for missing shared test data (support/SharedData.h) does not pass
// silently: it exits with kSkipReturnCode, which CTest reports as "Not Run
// (Skipped)" (SKIP_RETURN_CODE), and under CI=true it fails.

#include <boost/test/unit_test.hpp>

#include "support/SharedData.h"

#include <filesystem>
#include <iostream>
#include <string>

namespace {

std::string programName;

bool initTestModule() {
    boost::unit_test::framework::master_test_suite().p_name.value = programName;
    return true;
}

} // namespace

int main(int argc, char* argv[]) {
    programName = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "passway_test";
    const int rc = boost::unit_test::unit_test_main(&initTestModule, argc, argv);
    if (rc != 0) return rc;
    if (passway::test::dataSkips() > 0) {
        // Each skipped case named the missing data and where it looked.
        std::cerr << passway::test::dataSkips() << " test unit(s) skipped: shared test data missing\n";
        return passway::test::underCi() ? 1 : passway::test::kSkipReturnCode;
    }
    return 0;
}
