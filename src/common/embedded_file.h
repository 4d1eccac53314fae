#pragma once
// A file compiled into the binary by cmake/embed.cmake.

#include <string_view>

namespace bb {

struct EmbeddedFile {
  std::string_view name;  // the name given to bluebird_embed, e.g. "0001_init.sql"
  std::string_view data;  // the file's bytes; lives as long as the program
};

}  // namespace bb
