# passway_add_plugin(<id> SOURCES ... [DEFINITIONS ...] [OUTPUT_NAME name] [NO_INSTALL])
# Builds a plugin as a shared library named passway_<id>.so (.dll on Windows)
# into the plugin folder of the build tree. Plugins link Poco but none of the
# host's libraries, and their include path is the SDK (include/passway/) and
# nothing of core/: a plugin that includes a core header does not compile.
function(passway_add_plugin id)
  cmake_parse_arguments(P "NO_INSTALL" "OUTPUT_NAME" "SOURCES;DEFINITIONS;LIBRARIES" ${ARGN})
  if(NOT P_OUTPUT_NAME)
    set(P_OUTPUT_NAME passway_${id})
  endif()
  set(target plugin_${P_OUTPUT_NAME})
  add_library(${target} MODULE ${P_SOURCES})
  target_include_directories(${target} PRIVATE ${PASSWAY_SDK_INCLUDE_DIR})
  target_link_libraries(${target} PRIVATE Poco::Foundation Poco::Util Poco::Net Poco::JSON ${P_LIBRARIES})
  target_compile_definitions(${target} PRIVATE ${P_DEFINITIONS})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${P_OUTPUT_NAME}
    LIBRARY_OUTPUT_DIRECTORY ${PASSWAY_PLUGIN_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT P_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION lib/passway/plugins COMPONENT runtime)
  endif()
endfunction()
