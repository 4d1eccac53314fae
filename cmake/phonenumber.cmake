# libphonenumber as the imported target `phonenumber`: Debian's shared library (libphonenumber8)
# with the headers of the matching libphonenumber-dev, which scripts/install-deps.sh unpacks into
# .deps/ because that package cannot be installed beside Boost 1.81 (the reason is in the script).
# Without .deps/, a system-wide /usr/include/phonenumbers is used.
pkg_check_modules(PROTOBUF REQUIRED IMPORTED_TARGET protobuf)
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h
          HINTS "${PROJECT_SOURCE_DIR}/.deps/libphonenumber-dev/usr/include")
find_library(PHONENUMBER_LIBRARY NAMES phonenumber libphonenumber.so.8 NO_CMAKE_PATH NO_CMAKE_ENVIRONMENT_PATH)
if(NOT PHONENUMBER_INCLUDE_DIR OR NOT PHONENUMBER_LIBRARY)
  message(FATAL_ERROR "libphonenumber is missing (headers: '${PHONENUMBER_INCLUDE_DIR}', library: "
                      "'${PHONENUMBER_LIBRARY}'). Run scripts/install-deps.sh, then configure again.")
endif()
add_library(phonenumber SHARED IMPORTED)
set_target_properties(phonenumber PROPERTIES IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}")
# SYSTEM: the library's headers are not held to Bluebird's warning flags.
target_include_directories(phonenumber SYSTEM INTERFACE "${PHONENUMBER_INCLUDE_DIR}")
target_link_libraries(phonenumber INTERFACE PkgConfig::PROTOBUF)
