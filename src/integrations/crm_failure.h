#pragma once
// How a call to a CRM failed, classified for the sync job: credentials (stop until someone fixes
// them), the CRM's API limit (wait, then resume), transient (retry soon) or refused (the request
// itself is wrong: a field missing, a validation rule). Shared by the Salesforce and HubSpot clients.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace bb::integrations {

struct CrmFailure {
  enum class Kind { kNone, kCredentials, kLimit, kTransient, kRefused };
  Kind kind = Kind::kNone;
  std::string message;  // for the sync log; never a secret or a token
  int status = 0;
  std::optional<std::chrono::seconds> retry_after;

  bool ok() const { return kind == Kind::kNone; }
};

inline CrmFailure MakeCrmFailure(CrmFailure::Kind kind, std::string message, int status = 0) {
  CrmFailure failure;
  failure.kind = kind;
  failure.message = std::move(message);
  failure.status = status;
  return failure;
}

// The start of a CRM's answer that was not what was expected, for the sync log: at most 120
// bytes, control characters as spaces.
inline std::string ResponseSnippet(std::string_view body) {
  std::string out(body.substr(0, 120));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

}  // namespace bb::integrations
