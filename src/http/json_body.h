#pragma once
// Reading JSON request bodies strictly: the body must be a JSON object sent as application/json;
// every field is read with its expected type; fields nobody asked for are reported as unknown.

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "http/message.h"

namespace bb::http {

// The body as a JSON object. An empty body is an empty object when `allow_empty`. Errors:
// kMalformed for invalid JSON, kInvalidArgument when it is not an object; a wrong Content-Type is
// reported as the field "Content-Type".
Result<boost::json::object> ParseJsonObject(const Request& request, bool allow_empty = false);

// Reads typed fields from an object and collects every problem. A JSON null counts as absent.
// Nested objects are read with Object; their problems name the field by its path ("cap.period").
class ObjectReader {
 public:
  explicit ObjectReader(const boost::json::object& object, std::string prefix = "")
      : object_(object), prefix_(std::move(prefix)) {}

  std::optional<std::string> String(std::string_view field);
  std::optional<std::int64_t> Integer(std::string_view field);
  std::optional<bool> Boolean(std::string_view field);
  std::optional<std::vector<std::string>> StringList(std::string_view field);
  // An array of integers (from -2^63 to 2^63 - 1); problems name the element ("days[2]").
  std::optional<std::vector<std::int64_t>> IntegerList(std::string_view field);
  // An array of objects, each read by `read(reader, index)` with a reader whose problems are
  // reported under "field[index].". Returns whether the array was present and was an array.
  bool ObjectList(std::string_view field, const std::function<void(ObjectReader&, std::size_t)>& read);
  // An RFC 3339 date or date-time string.
  std::optional<Timestamp> Time(std::string_view field);
  // A nested object, read by `read` with a reader whose problems (unknown fields included) are
  // reported under "field.". Returns whether the object was present and was an object.
  bool Object(std::string_view field, const std::function<void(ObjectReader&)>& read);
  // An object of scalar values; a null value is kept as nullopt (meaning "remove" in a patch).
  std::optional<std::map<std::string, std::optional<domain::AttributeValue>>> Attributes(std::string_view field);

  // An object whose values are each a string or null (kept as nullopt), in the order sent; problems
  // name the key ("field.key").
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> TextMap(std::string_view field);
  // An object whose values are each a scalar or an array of scalars (strings, numbers, booleans),
  // read as texts as attributes are (a number in its canonical form, "true"/"false"): a segment's
  // attribute filter. Problems name the key ("field.key", "field.key[1]").
  std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> TextLists(std::string_view field);

  // True when `field` is present and not null (whatever its type).
  bool Has(std::string_view field) const;
  // True when `field` is present, null or not (a null that clears a value).
  bool Present(std::string_view field) const;

  // Ok when every present field had the right type and no unknown field was sent; otherwise
  // kInvalidArgument naming each bad field.
  Status Finish();

 private:
  const boost::json::value* Take(std::string_view field);
  void Wrong(std::string_view field, std::string message);

  // Problems of `child` become this reader's.
  void Adopt(ObjectReader& child);

  const boost::json::object& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> asked_;
  std::vector<FieldError> errors_;
};

}  // namespace bb::http
