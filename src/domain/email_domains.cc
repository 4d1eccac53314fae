#include "domain/email_domains.h"

#include <libpsl.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "common/embedded_file.h"

// The JSON files of the npm packages, embedded by src/CMakeLists.txt.
namespace bb::domain::email_lists {
std::span<const bb::EmbeddedFile> Files();
}  // namespace bb::domain::email_lists

namespace bb::domain {
namespace {

constexpr std::size_t kMaxDomainLength = 253;

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A set of domain names, lower-cased and without a trailing dot, searched by binary search; the
// names live back to back in one buffer. Not copyable or movable (the views point into the buffer).
class DomainSet {
 public:
  explicit DomainSet(std::vector<std::string> names) {
    for (auto& name : names) {
      std::ranges::transform(name, name.begin(), LowerAscii);
      if (!name.empty() && name.back() == '.') name.pop_back();
    }
    std::erase_if(names, [](const std::string& name) { return name.empty(); });
    std::ranges::sort(names);
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::size_t total = 0;
    for (const auto& name : names) total += name.size();
    text_.reserve(total);
    for (const auto& name : names) text_ += name;
    names_.reserve(names.size());
    std::size_t offset = 0;
    for (const auto& name : names) {
      names_.emplace_back(text_.data() + offset, name.size());
      offset += name.size();
    }
  }
  DomainSet(const DomainSet&) = delete;
  DomainSet& operator=(const DomainSet&) = delete;

  bool Contains(std::string_view name) const { return std::ranges::binary_search(names_, name); }

 private:
  std::string text_;
  std::vector<std::string_view> names_;
};

// The strings of the embedded JSON file `name`. The files are fixed at build time and parsed by the
// unit tests, so a missing or malformed one is a build defect: the program stops.
std::vector<std::string> LoadEmbedded(std::string_view name) {
  for (const auto& file : email_lists::Files()) {
    if (file.name != name) continue;
    auto strings = ParseJsonStringArray(file.data);
    if (!strings) std::abort();
    return std::move(*strings);
  }
  std::abort();
}

const DomainSet& DisposableDomains() {
  static const DomainSet kSet(LoadEmbedded("disposable.json"));
  return kSet;
}

const DomainSet& DisposableWildcardDomains() {
  static const DomainSet kSet(LoadEmbedded("disposable_wildcard.json"));
  return kSet;
}

const DomainSet& FreeDomains() {
  static const DomainSet kSet(LoadEmbedded("free.json"));
  return kSet;
}

// Whether the NUL-terminated lower-case `name` is a rule of the Public Suffix List compiled into
// libpsl (ICANN or private section, not the implicit "*" rule).
bool IsPublicSuffix(const char* name) {
  static const psl_ctx_t* const kList = psl_builtin();
  return kList != nullptr && psl_is_public_suffix2(kList, name, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

// Whether `domain` is in `listed`, or below a name in `listed` that is not a public suffix, or
// below a name in `wildcard` (when given). False when `domain` is not a domain name.
bool Matches(std::string_view domain, const DomainSet& listed, const DomainSet* wildcard) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty() || domain.size() > kMaxDomainLength) return false;
  std::array<char, kMaxDomainLength + 1> buffer;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    if (domain[i] == '.' && (i == 0 || domain[i - 1] == '.' || i + 1 == domain.size())) return false;
    buffer[i] = LowerAscii(domain[i]);
  }
  buffer[domain.size()] = '\0';
  const std::string_view name(buffer.data(), domain.size());
  // Suffixes from the right, one label at a time: "com", "mailinator.com", "a.mailinator.com".
  std::size_t label_end = name.size();
  for (;;) {
    const std::size_t dot = name.rfind('.', label_end - 1);
    const std::size_t start = dot == std::string_view::npos ? 0 : dot + 1;
    const std::string_view suffix = name.substr(start);
    const bool whole = start == 0;
    if (listed.Contains(suffix) && (whole || !IsPublicSuffix(buffer.data() + start))) return true;
    if (!whole && wildcard != nullptr && wildcard->Contains(suffix)) return true;
    if (whole) return false;
    label_end = dot;
  }
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Reads the JSON text of an array of strings, one token at a time.
class StringArrayReader {
 public:
  explicit StringArrayReader(std::string_view json) : json_(json) {}

  std::optional<std::vector<std::string>> Read() {
    std::vector<std::string> strings;
    SkipSpace();
    if (!Take('[')) return std::nullopt;
    SkipSpace();
    if (!Take(']')) {
      for (;;) {
        std::string value;
        if (!ReadString(value)) return std::nullopt;
        strings.push_back(std::move(value));
        SkipSpace();
        if (Take(']')) break;
        if (!Take(',')) return std::nullopt;
        SkipSpace();
      }
    }
    SkipSpace();
    if (pos_ != json_.size()) return std::nullopt;
    return strings;
  }

 private:
  void SkipSpace() {
    while (pos_ < json_.size() && IsJsonSpace(json_[pos_])) ++pos_;
  }

  bool Take(char expected) {
    if (pos_ >= json_.size() || json_[pos_] != expected) return false;
    ++pos_;
    return true;
  }

  bool ReadHex4(std::uint32_t& value) {
    if (json_.size() - pos_ < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = json_[pos_++];
      std::uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
      value = value * 16 + digit;
    }
    return true;
  }

  bool ReadString(std::string& out) {
    if (!Take('"')) return false;
    for (;;) {
      if (pos_ >= json_.size()) return false;
      const char c = json_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= json_.size()) return false;
      switch (json_[pos_++]) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          std::uint32_t code_point;
          if (!ReadHex4(code_point)) return false;
          if (code_point >= 0xDC00 && code_point <= 0xDFFF) return false;
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            std::uint32_t low;
            if (!Take('\\') || !Take('u') || !ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, code_point);
          break;
        }
        default: return false;
      }
    }
  }

  std::string_view json_;
  std::size_t pos_ = 0;
};

}  // namespace

bool IsDisposableEmailDomain(std::string_view domain) {
  return Matches(domain, DisposableDomains(), &DisposableWildcardDomains());
}

bool IsFreeEmailDomain(std::string_view domain) { return Matches(domain, FreeDomains(), nullptr); }

std::optional<std::vector<std::string>> ParseJsonStringArray(std::string_view json) {
  return StringArrayReader(json).Read();
}

}  // namespace bb::domain
