#pragma once
// Reading JSON request bodies strictly: the body must be a JSON object sent as application/json;
// every field is read with its expected type; fields nobody asked for are reported as unknown.

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/advocate.h"
#include "http/message.h"

namespace bb::http {

// The body as a JSON object. An empty body is an empty object when `allow_empty`. Errors:
// kMalformed for invalid JSON, kInvalidArgument when it is not an object; a wrong Content-Type is
// reported as the field "Content-Type".
Result<boost::json::object> ParseJsonObject(const Request& request, bool allow_empty = false);

// Reads typed fields from an object and collects every problem. A JSON null counts as absent.
class ObjectReader {
 public:
  explicit ObjectReader(const boost::json::object& object) : object_(object) {}

  std::optional<std::string> String(std::string_view field);
  std::optional<std::int64_t> Integer(std::string_view field);
  std::optional<bool> Boolean(std::string_view field);
  std::optional<std::vector<std::string>> StringList(std::string_view field);
  // An object of scalar values; a null value is kept as nullopt (meaning "remove" in a patch).
  std::optional<std::map<std::string, std::optional<domain::AttributeValue>>> Attributes(std::string_view field);

  // Ok when every present field had the right type and no unknown field was sent; otherwise
  // kInvalidArgument naming each bad field.
  Status Finish();

 private:
  const boost::json::value* Take(std::string_view field);
  void Wrong(std::string_view field, std::string message);

  const boost::json::object& object_;
  std::set<std::string, std::less<>> asked_;
  std::vector<FieldError> errors_;
};

}  // namespace bb::http
