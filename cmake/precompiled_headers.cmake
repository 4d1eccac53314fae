# bluebird_precompiled_headers(target [TESTS]): precompiles the headers nearly every source file of
# the target parses -- the standard library's common containers and Boost.JSON, plus, with TESTS,
# GoogleTest and the test server -- once per target instead of once per file. Each file still
# includes what it uses; the precompiled header only saves parsing it again (about 40% of a test
# file's compile time in the sanitizer build). Off with -DBLUEBIRD_PCH=OFF, e.g. to check that every
# file includes what it uses.
#
# Not in GCC's optimised builds: there GCC 12 reports -Warray-bounds false positives from the
# standard library's string code inlined out of a precompiled header (which it stays quiet about
# when the header is parsed as a system header), and the release build compiles only the binary.
function(bluebird_precompiled_headers target)
  if(NOT BLUEBIRD_PCH OR (CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_BUILD_TYPE MATCHES "Release|RelWithDebInfo"))
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 arg "TESTS" "" "")
  target_precompile_headers(${target} PRIVATE <algorithm> <chrono> <cstdint> <functional> <map>
                                              <optional> <string> <string_view> <vector> <boost/json.hpp>)
  if(arg_TESTS)
    target_precompile_headers(${target} PRIVATE <gtest/gtest.h> [["test_server.h"]])
  endif()
endfunction()
