#include "app/import_command.h"

#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

#include "representation/resource_json.h"
#include "service/import_service.h"

namespace bb::app {

int RunImport(service::Services& services, const ImportOptions& options) {
  service::ImportRequest request;
  request.kind = domain::ParseImportKind(options.kind).value_or(domain::ImportKind::kAdvocates);
  request.program_id = options.program_id;
  request.dry_run = options.dry_run;
  request.delimiter = options.delimiter.empty() ? 0 : options.delimiter.front();
  for (const auto& map : options.maps) {
    auto equals = map.find('=');
    if (equals == std::string::npos || equals == 0) {
      std::cerr << "--map takes FIELD=HEADER, e.g. --map email=\"E-mail address\"\n";
      return 2;
    }
    request.mapping[map.substr(0, equals)] = map.substr(equals + 1);
  }
  std::ifstream in(options.file, std::ios::binary);
  std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || !in.is_open()) {
    std::cerr << "cannot read " << options.file << "\n";
    return 1;
  }
  auto report = services.imports.Run(domain::Actor::System(), request, csv);
  if (!report.ok()) {
    std::cerr << report.error().message() << "\n";
    for (const auto& field : report.error().fields()) std::cerr << "  " << field.field << ": " << field.message << "\n";
    return 1;
  }
  std::cout << boost::json::serialize(representation::ToJson(*report)) << "\n";
  return report->status == domain::ImportStatus::kCompleted ? 0 : 1;
}

}  // namespace bb::app
