#pragma once
// Field-level checks shared by the domain's input types. Each returns an empty string when the
// value is acceptable, or a message for a person naming what is wrong.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bb::domain {

inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxUrlLength = 2048;

// A practical address check: local@domain, dot-atom local part up to 64 characters, a domain of
// LDH labels with at least one dot and an alphabetic top-level label.
std::string CheckEmail(std::string_view email);
// The form in which emails are compared: trimmed and lower-cased.
std::string NormalizeEmail(std::string_view email);
// `text` with its ASCII letters lower-cased and every other byte as it is, as SQLite's lower()
// does (and PostgreSQL's under the "C" collation).
std::string LowerAscii(std::string_view text);

// An absolute http(s) URL with a host, RFC 3986 characters only, no credentials.
std::string CheckHttpUrl(std::string_view url);

// An active ISO 4217 alphabetic currency code, upper-case ("EUR").
std::string CheckCurrency(std::string_view code);

// The number of characters (Unicode code points) in UTF-8 `text`: the bytes that start a sequence.
// Every "at most N characters" limit counts this way, as the docs say.
std::size_t CodePointCount(std::string_view text);

enum class TextShape { kSingleLine, kMultiLine };
// A text of at most `max_length` characters (code points) of UTF-8, without control characters
// (bar tab, and line breaks for kMultiLine); non-blank unless `allow_empty`.
std::string CheckText(std::string_view text, std::size_t max_length, bool allow_empty = false,
                      TextShape shape = TextShape::kSingleLine);

// A URL slug: 1–64 of [a-z0-9-], not starting or ending with '-'.
std::string CheckSlug(std::string_view slug);
// A slug derived from a name ("Acme Partners!" → "acme-partners"); may be empty.
std::string SlugFromName(std::string_view name);

// Trims ASCII whitespace from both ends.
std::string_view Trim(std::string_view text);
// The items separated by ", " ("" for none): a list as a sentence or an audit value shows it.
std::string JoinWithCommas(const std::vector<std::string>& items);

}  // namespace bb::domain

namespace bb::domain {
// The longest prefix of `text` of at most `max_bytes` that does not cut a UTF-8 sequence.
std::string TruncateUtf8(std::string text, std::size_t max_bytes);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF)
// without a NUL character: text every database stores and compares alike.
bool IsStorableUtf8(std::string_view text);
// `text` with each byte that does not belong to a well-formed UTF-8 sequence, and each NUL,
// replaced by U+FFFD (for what visitors' browsers send, such as a User-Agent, kept as seen).
std::string ToStorableUtf8(std::string_view text);
}  // namespace bb::domain
