#include "domain/placeholders.h"

#include <algorithm>

namespace bb::domain {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Calls `on_text(text)` for what lies between placeholders and `on_placeholder(name, written)` for
// each {{name}}.
template <class Text, class Placeholder>
void Scan(std::string_view message, Text on_text, Placeholder on_placeholder) {
  std::size_t at = 0;
  while (at < message.size()) {
    std::size_t open = message.find("{{", at);
    std::size_t close = open == std::string_view::npos ? open : message.find("}}", open + 2);
    if (close == std::string_view::npos) {
      on_text(message.substr(at));
      return;
    }
    on_text(message.substr(at, open - at));
    on_placeholder(TrimSpaces(message.substr(open + 2, close - open - 2)), message.substr(open, close + 2 - open));
    at = close + 2;
  }
}

}  // namespace

std::string FirstUnknownPlaceholder(std::string_view text, std::span<const std::string_view> known) {
  std::string unknown;
  Scan(
      text, [](std::string_view) {},
      [&](std::string_view name, std::string_view written) {
        if (unknown.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
          unknown = std::string(written);
        }
      });
  return unknown;
}

bool UsesPlaceholder(std::string_view text, std::string_view name) {
  bool used = false;
  Scan(
      text, [](std::string_view) {}, [&](std::string_view found, std::string_view) { used = used || found == name; });
  return used;
}

std::string ListPlaceholders(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += "{{" + std::string(names[i]) + "}}";
  }
  return out;
}

std::string FillPlaceholders(std::string_view text,
                             const std::function<std::optional<std::string>(std::string_view name)>& value,
                             const std::function<std::string(std::string_view)>& text_out) {
  std::string out;
  auto append_text = [&](std::string_view part) {
    if (text_out) {
      out += text_out(part);
    } else {
      out += part;
    }
  };
  Scan(text, append_text, [&](std::string_view name, std::string_view written) {
    std::optional<std::string> filled = value(name);
    if (filled) {
      out += *filled;
    } else {
      append_text(written);
    }
  });
  return out;
}

}  // namespace bb::domain
