# passway_add_test_main(<target>): gives a Boost.Test program its main(),
# tests/support/TestMain.cpp, which names the test module after the program.
# Test sources therefore never define BOOST_TEST_MODULE: that macro must
# precede the first include of <boost/test/unit_test.hpp>, which the test
# programs' shared precompiled header (tests/CMakeLists.txt) does before any
# line of a source file. The main() is compiled once, in a library of its
# own, not once per program (a hundred programs: minutes of CI's 2 cores).
function(passway_add_test_main target)
  if(NOT TARGET passway_test_main)
    find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
    add_library(passway_test_main STATIC ${PROJECT_SOURCE_DIR}/tests/support/TestMain.cpp)
    target_compile_definitions(passway_test_main PRIVATE BOOST_TEST_DYN_LINK
      PASSWAY_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_include_directories(passway_test_main PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    target_link_libraries(passway_test_main PUBLIC Boost::unit_test_framework)
  endif()
  target_link_libraries(${target} PRIVATE passway_test_main)
endfunction()
