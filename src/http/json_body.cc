#include "http/json_body.h"

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "common/time_format.h"

namespace bb::http {

Result<boost::json::object> ParseJsonObject(const Request& request, bool allow_empty) {
  if (request.body.empty() && allow_empty) return boost::json::object();
  std::string_view content_type = request.Header("content-type");
  // Media types are case-insensitive (RFC 9110 §8.3.1); parameters such as charset are ignored.
  std::string media(content_type.substr(0, content_type.find(';')));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool is_json = media == "application/json" || (media.size() > 5 && media.substr(media.size() - 5) == "+json");
  if (!is_json) {
    return Error(ErrorCode::kInvalidArgument, "Send the body as JSON.", {{"Content-Type", "must be application/json"}});
  }
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 16;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) return Error(ErrorCode::kMalformed, "The body is not valid JSON: " + ec.message() + ".");
  if (!value.is_object()) {
    return Error(ErrorCode::kInvalidArgument, "The body must be a JSON object.", {{"", "must be a JSON object"}});
  }
  return std::move(value.as_object());
}

namespace {

// A number as the shortest text that reads back to the same value ("2.5", "1000", "-3"), so that
// stored numbers compare equal to what a person types in a filter.
// A number as attributes keep it: integers as written, others in their shortest form, -0 as 0;
// nullopt for one too large for a double (JSON has no infinity: 1e400 parses as one).
std::optional<std::string> CanonicalNumber(const boost::json::value& v) {
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  double d = v.as_double();
  if (!std::isfinite(d)) return std::nullopt;
  if (d == 0) d = 0;  // -0 reads as 0
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  return ec == std::errc() ? std::string(buffer, end) : boost::json::serialize(v);
}

}  // namespace

const boost::json::value* ObjectReader::Take(std::string_view field) {
  asked_.emplace(field);
  auto it = object_.find(field);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

void ObjectReader::Wrong(std::string_view field, std::string message) {
  errors_.push_back({prefix_ + std::string(field), std::move(message)});
}

bool ObjectReader::Has(std::string_view field) const {
  auto it = object_.find(field);
  return it != object_.end() && !it->value().is_null();
}

bool ObjectReader::Present(std::string_view field) const { return object_.find(field) != object_.end(); }

std::optional<Timestamp> ObjectReader::Time(std::string_view field) {
  auto text = String(field);
  if (!text) return std::nullopt;
  auto parsed = ParseTimestamp(*text);
  if (!parsed) {
    Wrong(field, "must be an RFC 3339 date or date-time");
  } else if (!WrittenWithFourDigits(*parsed)) {
    Wrong(field, "must fall between the years 0000 and 9999 in UTC");
    return std::nullopt;
  }
  return parsed;
}

bool ObjectReader::Object(std::string_view field, const std::function<void(ObjectReader&)>& read) {
  const auto* value = Take(field);
  if (value == nullptr) return false;
  if (!value->is_object()) {
    Wrong(field, "must be an object");
    return false;
  }
  ObjectReader child(value->as_object(), prefix_ + std::string(field) + ".");
  read(child);
  Adopt(child);
  return true;
}

void ObjectReader::Adopt(ObjectReader& child) {
  for (const auto& entry : child.object_) {
    if (!child.asked_.contains(std::string_view(entry.key()))) child.Wrong(entry.key(), "is not a known field");
  }
  for (auto& error : child.errors_) errors_.push_back(std::move(error));
  child.errors_.clear();
}

std::optional<std::string> ObjectReader::String(std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Wrong(field, "must be a string");
    return std::nullopt;
  }
  return std::string(value->as_string());
}

std::optional<std::int64_t> ObjectReader::Integer(std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  constexpr std::string_view kOutOfRange = "is too large: must be an integer from -2^63 to 2^63 - 1";
  if (value->is_uint64()) {
    if (value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
      return static_cast<std::int64_t>(value->as_uint64());
    Wrong(field, std::string(kOutOfRange));
    return std::nullopt;
  }
  if (value->is_double() && std::isfinite(value->as_double()) && std::trunc(value->as_double()) == value->as_double()) {
    // 2^63 is exact as a double; every integral double below it (and from -2^63) converts exactly.
    double number = value->as_double();
    if (number >= -9223372036854775808.0 && number < 9223372036854775808.0) return static_cast<std::int64_t>(number);
    Wrong(field, std::string(kOutOfRange));
    return std::nullopt;
  }
  Wrong(field, "must be an integer");
  return std::nullopt;
}

std::optional<bool> ObjectReader::Boolean(std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) {
    Wrong(field, "must be true or false");
    return std::nullopt;
  }
  return value->as_bool();
}

std::optional<std::vector<std::string>> ObjectReader::StringList(std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    Wrong(field, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  const auto& array = value->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      Wrong(std::string(field) + "[" + std::to_string(i) + "]", "must be a string");
      return std::nullopt;
    }
    out.emplace_back(array[i].as_string());
  }
  return out;
}

std::optional<std::vector<std::int64_t>> ObjectReader::IntegerList(std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    Wrong(field, "must be an array of integers");
    return std::nullopt;
  }
  std::vector<std::int64_t> out;
  const auto& array = value->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string element = std::string(field) + "[" + std::to_string(i) + "]";
    if (array[i].is_int64()) {
      out.push_back(array[i].as_int64());
    } else if (array[i].is_uint64() && array[i].as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      out.push_back(static_cast<std::int64_t>(array[i].as_uint64()));
    } else {
      Wrong(element,
            array[i].is_uint64() ? "is too large: must be an integer from -2^63 to 2^63 - 1" : "must be an integer");
      return std::nullopt;
    }
  }
  return out;
}

bool ObjectReader::ObjectList(std::string_view field, const std::function<void(ObjectReader&, std::size_t)>& read) {
  const auto* value = Take(field);
  if (value == nullptr) return false;
  if (!value->is_array()) {
    Wrong(field, "must be an array of objects");
    return false;
  }
  const auto& array = value->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string element = std::string(field) + "[" + std::to_string(i) + "]";
    if (!array[i].is_object()) {
      Wrong(element, "must be an object");
      continue;
    }
    ObjectReader child(array[i].as_object(), prefix_ + element + ".");
    read(child, i);
    Adopt(child);
  }
  return true;
}

std::optional<std::map<std::string, std::optional<domain::AttributeValue>>> ObjectReader::Attributes(
    std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    Wrong(field, "must be an object of strings, numbers or booleans");
    return std::nullopt;
  }
  std::map<std::string, std::optional<domain::AttributeValue>> out;
  bool ok = true;
  for (const auto& entry : value->as_object()) {
    std::string key(entry.key());
    const auto& v = entry.value();
    using Kind = domain::AttributeValue::Kind;
    if (v.is_null()) {
      out[key] = std::nullopt;
    } else if (v.is_string()) {
      out[key] = domain::AttributeValue{Kind::kString, std::string(v.as_string())};
    } else if (v.is_bool()) {
      out[key] = domain::AttributeValue{Kind::kBool, v.as_bool() ? "true" : "false"};
    } else if (v.is_number()) {
      auto number = CanonicalNumber(v);
      if (!number) {
        Wrong(std::string(field) + "." + key, "must be a number a double can hold (at most about 1.8e308)");
        ok = false;
        continue;
      }
      out[key] = domain::AttributeValue{Kind::kNumber, std::move(*number)};
    } else {
      Wrong(std::string(field) + "." + key, "must be a string, a number, a boolean or null");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> ObjectReader::TextMap(
    std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    Wrong(field, "must be an object of strings (or null)");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  bool ok = true;
  for (const auto& entry : value->as_object()) {
    const auto& v = entry.value();
    if (v.is_null()) {
      out.emplace_back(std::string(entry.key()), std::nullopt);
    } else if (v.is_string()) {
      out.emplace_back(std::string(entry.key()), std::string(v.as_string()));
    } else {
      Wrong(std::string(field) + "." + std::string(entry.key()), "must be a string or null");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> ObjectReader::TextLists(
    std::string_view field) {
  const auto* value = Take(field);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    Wrong(field, "must be an object whose values are a text or a list of texts");
    return std::nullopt;
  }
  auto text_of = [](const boost::json::value& v) -> std::optional<std::string> {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_bool()) return std::string(v.as_bool() ? "true" : "false");
    if (v.is_number()) return CanonicalNumber(v);  // nullopt for a number too large
    return std::nullopt;
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  bool ok = true;
  for (const auto& entry : value->as_object()) {
    std::string key(entry.key());
    std::string path = std::string(field) + "." + key;
    std::vector<std::string> texts;
    if (const auto* array = entry.value().if_array()) {
      for (std::size_t i = 0; i < array->size(); ++i) {
        auto text = text_of((*array)[i]);
        if (!text) {
          Wrong(path + "[" + std::to_string(i) + "]", "must be a string, a number or a boolean");
          ok = false;
          continue;
        }
        texts.push_back(std::move(*text));
      }
    } else if (auto text = text_of(entry.value())) {
      texts.push_back(std::move(*text));
    } else {
      Wrong(path, "must be a string, a number, a boolean or a list of them");
      ok = false;
    }
    out.emplace_back(std::move(key), std::move(texts));
  }
  if (!ok) return std::nullopt;
  return out;
}

Status ObjectReader::Finish() {
  for (const auto& entry : object_) {
    if (!asked_.contains(std::string_view(entry.key()))) Wrong(entry.key(), "is not a known field");
  }
  if (errors_.empty()) return Ok();
  return Error::Invalid(std::move(errors_));
}

}  // namespace bb::http
