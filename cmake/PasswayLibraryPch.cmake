# passway_precompile_library_headers(<dir>...): every static and module
# library defined under the given source folders compiles with one shared
# precompiled header of the Poco and standard headers nearly all of them
# include. Parsing those is a third of a typical file's compile time, and CI
# builds on two cores. Two donors build the header, one per visibility: a
# header built for default visibility does not fit a plugin's hidden one.
# gcc falls back to the plain headers (with a -Winvalid-pch warning) for a
# file whose flags do not fit, so a mismatch costs time, never correctness.
# Not used with clang (the fuzz build): it refuses, rather than ignores, a
# header built with other sanitizer options.
set(PASSWAY_LIBRARY_PCH_HEADERS
  <Poco/Logger.h> <Poco/JSON/Object.h> <Poco/JSON/Array.h> <Poco/JSON/Parser.h>
  <Poco/Util/AbstractConfiguration.h>
  <algorithm> <chrono> <functional> <map> <memory> <mutex> <optional>
  <sstream> <string> <vector>)

function(passway_add_library_pch_donor name)
  set(source ${CMAKE_BINARY_DIR}/pch/${name}.cpp)
  file(GENERATE OUTPUT ${source} CONTENT "// The ${name} precompiled header's translation unit.\n")
  add_library(${name} STATIC ${source})
  target_link_libraries(${name} PRIVATE Poco::Foundation Poco::Util Poco::JSON)
  target_precompile_headers(${name} PRIVATE ${PASSWAY_LIBRARY_PCH_HEADERS})
  if(ARGN)
    set_target_properties(${name} PROPERTIES ${ARGN})
  endif()
endfunction()

function(passway_collect_library_targets dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    passway_collect_library_targets(${sub} more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(passway_precompile_library_headers)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  passway_add_library_pch_donor(passway_library_pch_donor)
  passway_add_library_pch_donor(passway_plugin_pch_donor
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  foreach(dir IN LISTS ARGN)
    passway_collect_library_targets(${dir} targets)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(NOT type MATCHES "^(STATIC_LIBRARY|MODULE_LIBRARY|SHARED_LIBRARY)$")
        continue()
      endif()
      # gcc 12 loses the system-header mark of libstdc++'s inline std::string
      # code read from a precompiled header, and so reports its known false
      # -Warray-bounds and -Wstringop-overflow (GCC PRs 105329, 105651) in
      # every file that appends to a string.
      if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow)
      endif()
      get_target_property(visibility ${target} CXX_VISIBILITY_PRESET)
      if(visibility STREQUAL "hidden")
        target_precompile_headers(${target} REUSE_FROM passway_plugin_pch_donor)
      else()
        target_precompile_headers(${target} REUSE_FROM passway_library_pch_donor)
      endif()
    endforeach()
  endforeach()
endfunction()
