# passway_add_test_main(<target>): gives a Boost.Test program its main(),
# generated from tests/support/TestMain.cpp.in with the target's name as the
# module name. Test sources therefore never define BOOST_TEST_MODULE: that
# macro must precede the first include of <boost/test/unit_test.hpp>, which
# the test programs' shared precompiled header (tests/CMakeLists.txt) does
# before any line of a source file.
function(passway_add_test_main target)
  set(name ${target})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${target}_main.cpp)
  configure_file(${PROJECT_SOURCE_DIR}/tests/support/TestMain.cpp.in ${generated} @ONLY)
  target_sources(${target} PRIVATE ${generated})
endfunction()
