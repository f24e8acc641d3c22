# Turns db/NNN_name.sql into a C++ source holding their texts, so passwayd
# carries its schema and needs no db/ folder at run time.
#   cmake -DSQL_DIR=<db folder> -DOUTPUT=<generated .cpp> -P EmbedMigrations.cmake
# The texts are written as byte arrays, not string literals: no escaping to get
# wrong and no compiler limit on the length of a literal.
#   optional: -DFUNCTION=<accessor> -DTYPE=<struct> -DHEADER=<include> for
#   another engine's migrations (db/postgresql: postgresqlMigrations).
if(NOT SQL_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "EmbedMigrations.cmake needs -DSQL_DIR=... and -DOUTPUT=...")
endif()
if(NOT FUNCTION)
  set(FUNCTION sqliteMigrations)
endif()
if(NOT TYPE)
  set(TYPE SqliteMigration)
endif()
if(NOT HEADER)
  set(HEADER store/sqlite/SqliteMigrations.h)
endif()

file(GLOB files RELATIVE ${SQL_DIR} ${SQL_DIR}/*.sql)
list(SORT files)

set(arrays "")
set(entries "")
set(expected 1)
foreach(file IN LISTS files)
  if(NOT file MATCHES "^([0-9]+)_([A-Za-z0-9_]+)\\.sql$")
    message(FATAL_ERROR "migration ${file}: expected a name like 003_add_things.sql")
  endif()
  set(name ${CMAKE_MATCH_2})
  math(EXPR version "${CMAKE_MATCH_1}")  # drops the leading zeros
  if(NOT version EQUAL expected)
    message(FATAL_ERROR "migration ${file}: expected number ${expected}; migrations are numbered 1, 2, 3, ... without gaps")
  endif()
  math(EXPR expected "${expected} + 1")

  file(READ ${SQL_DIR}/${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){20})" "\\1\n    " bytes "${bytes}")
  string(APPEND arrays "// ${file}\nconst char kMigration${version}[] = {\n    ${bytes}0x00};\n\n")
  string(APPEND entries "        {${version}, \"${name}\", kMigration${version}},\n")
endforeach()

if(expected EQUAL 1)
  message(FATAL_ERROR "no migrations found in ${SQL_DIR}")
endif()

set(content "// Generated from db/*.sql (or db/postgresql/*.sql) by core/store/sqlite/EmbedMigrations.cmake; do not edit.
#include \"${HEADER}\"

namespace passway {

namespace {

${arrays}} // namespace

const std::vector<${TYPE}>& ${FUNCTION}() {
    static const std::vector<${TYPE}> migrations = {
${entries}    };
    return migrations;
}

} // namespace passway
")

# Rewrite only when the text changed, so an unchanged schema rebuilds nothing.
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL content)
  file(WRITE ${OUTPUT} "${content}")
endif()
