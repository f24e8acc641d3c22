# Compiler flags of the fuzz build (option PASSWAY_FUZZ). Everything in this
# build folder is instrumented, so a bug in a library the parsers call (Poco
# aside: it comes from Debian, uninstrumented) is reported where it happens.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PASSWAY_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++-14 (see fuzz/README.md)")
endif()
set(PASSWAY_SANITIZERS address,undefined)
# -O1, as the sanitizers' documentation advises: it compiles faster than the
# build type's -O2, and the smoke run is bounded by time, not executions.
add_compile_options(-O1 -fsanitize=${PASSWAY_SANITIZERS} -fsanitize=fuzzer-no-link
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
add_link_options(-fsanitize=${PASSWAY_SANITIZERS})
# Boost 1.74's Asio detects coroutines on clang only with libc++'s
# <experimental/coroutine>; clang 14 with libstdc++ 12 has <coroutine>.
add_compile_definitions(BOOST_ASIO_HAS_CO_AWAIT BOOST_ASIO_HAS_STD_COROUTINE)
