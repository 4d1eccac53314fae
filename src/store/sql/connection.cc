#include "store/sql/connection.h"

namespace bb::store::sql {

std::string UniqueViolationColumn(const Error& error) {
  constexpr std::string_view kMarker = "UNIQUE constraint failed: ";
  const std::string& message = error.message();
  auto pos = message.find(kMarker);
  if (pos == std::string::npos) return {};
  std::string rest = message.substr(pos + kMarker.size());
  auto dot = rest.find('.');
  auto end = rest.find_first_of(", ");
  if (dot == std::string::npos) return {};
  return rest.substr(dot + 1, end == std::string::npos ? std::string::npos : end - dot - 1);
}

}  // namespace bb::store::sql
