#pragma once
// Lists of email domains that say something about the person behind an address: disposable
// (throwaway inboxes, for fraud checks) and free webmail (gmail.com and the like, so that the
// "same company" self-referral check never takes two users of one webmail provider for colleagues).
// The lists come from npm packages pinned in package-lock.json and are compiled into the binary
// (src/CMakeLists.txt): the answers depend on those package versions only, never on I/O.
// Thread-safe: the lists are built once, on first use, and only read after that.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bb::domain {

// Whether `domain` (the part of an address after '@') is, or is below, a domain of the
// disposable-email-domains package: listed in its index.json, or below a name in its
// wildcard.json. "mailinator.com", "MAILINATOR.com." and "a.b.mailinator.com" are all disposable.
// Matching is ASCII case-insensitive and ignores one trailing dot; internationalised names are
// compared as given (no IDNA conversion). A listed name that is itself a public suffix (the Public
// Suffix List, from libpsl), such as "za.com", matches only exactly: the names below it belong to
// unrelated owners. False for "" and for anything that is not a domain name (an empty label, or
// longer than 253 characters).
bool IsDisposableEmailDomain(std::string_view domain);

// Whether `domain` is, or is below, a free email provider's domain: gmail.com, outlook.com,
// yahoo.com, ... (all.json of the email-providers package, which also lists well-known disposable
// services: none of them is a company's own domain either). Same matching rules as
// IsDisposableEmailDomain.
bool IsFreeEmailDomain(std::string_view domain);

// Parses `json` when it is a JSON array whose elements are all strings (RFC 8259: whitespace
// between tokens; every string escape, \uXXXX ones and their surrogate pairs decoded to UTF-8;
// other bytes copied as they are, without UTF-8 validation). On success returns the strings in
// order. Returns nullopt when `json` is anything else: another JSON value, an array holding a
// non-string, a trailing comma, malformed or truncated text, an unknown escape, a lone surrogate,
// a raw control character in a string, or anything but whitespace after the closing ']'.
// Used for the embedded lists; declared here so that the tests can reach it.
std::optional<std::vector<std::string>> ParseJsonStringArray(std::string_view json);

}  // namespace bb::domain
