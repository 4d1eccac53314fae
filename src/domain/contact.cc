#include "domain/contact.h"

#include <libpsl.h>

#include <algorithm>
#include <array>

#include "domain/email_domains.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

// Providers that deliver "name+tag@domain" to "name@domain".
constexpr std::array<std::string_view, 16> kPlusTagDomains = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com",    "live.com", "msn.com",  "icloud.com", "me.com",
    "mac.com",   "fastmail.com",   "proton.me",   "protonmail.com", "pm.me",    "zoho.com", "yandex.com", "yandex.ru"};

bool IsOneOf(std::string_view domain, const auto& domains) {
  return std::find(domains.begin(), domains.end(), domain) != domains.end();
}

}  // namespace

std::string EmailMatchKey(std::string_view email) {
  std::string normalized = NormalizeEmail(email);
  auto at = normalized.rfind('@');
  if (at == std::string::npos) return normalized;
  std::string local = normalized.substr(0, at);
  std::string domain = normalized.substr(at + 1);
  if (domain == "googlemail.com") domain = "gmail.com";
  if (IsOneOf(domain, kPlusTagDomains)) {
    auto plus = local.find('+');
    if (plus != std::string::npos && plus > 0) local.resize(plus);
  }
  if (domain == "gmail.com") std::erase(local, '.');
  return local + "@" + domain;
}

std::string_view EmailDomainPart(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? std::string_view() : email.substr(at + 1);
}

std::string RegistrableEmailDomain(std::string_view email) {
  // The list compiled into libpsl: no file to read, so the answer depends on the package version
  // only. Lookups on it are read-only and thread-safe.
  static const psl_ctx_t* const kList = psl_builtin();
  std::string normalized = NormalizeEmail(email);
  std::string domain(normalized.find('@') == std::string::npos ? std::string_view(normalized)
                                                               : EmailDomainPart(normalized));
  if (kList == nullptr || domain.empty()) return "";
  const char* registrable = psl_registrable_domain(kList, domain.c_str());
  return registrable == nullptr ? "" : std::string(registrable);
}

bool IsFreeEmailAddress(std::string_view email) {
  email = Trim(email);
  return IsFreeEmailDomain(email.find('@') == std::string_view::npos ? email : EmailDomainPart(email));
}

std::string CompanyDomain(std::string_view email, std::string_view registrable_domain) {
  if (registrable_domain.empty() || IsFreeEmailAddress(email)) return "";
  return LowerAscii(registrable_domain);
}

std::string CompanyEmailDomain(std::string_view email) { return CompanyDomain(email, RegistrableEmailDomain(email)); }

bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t label = 0;
  for (char c : host) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || byte >= 0x80;
    if (!allowed || ++label > 63) return false;
  }
  return label > 0;
}

}  // namespace bb::domain
