#pragma once
// bluebird import: a CSV file into a program, on the command line, as the operator (an admin).

#include <string>
#include <vector>

#include "service/services.h"

namespace bb::app {

struct ImportOptions {
  std::string kind = "advocates";
  std::string program_id;
  std::string file;
  std::string delimiter;  // "", "," or ";"
  bool dry_run = false;
  std::vector<std::string> maps;  // FIELD=HEADER
};

// Imports the file to the end and prints the report as JSON on standard output. Returns the exit
// code: 0 when the import completed (rows may have been refused: the report says which), 1 when
// the file was refused as a whole or could not be read, 2 for a malformed --map.
int RunImport(service::Services& services, const ImportOptions& options);

}  // namespace bb::app
