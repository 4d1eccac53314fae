#pragma once
// How a call to a CRM failed, classified for the sync job: credentials (stop until someone fixes
// them), the CRM's API limit (wait, then resume), transient (retry soon) or refused (the request
// itself is wrong: a field missing, a validation rule). Shared by the Salesforce and HubSpot clients.

#include <chrono>
#include <optional>
#include <string>

namespace bb::integrations {

struct CrmFailure {
  enum class Kind { kNone, kCredentials, kLimit, kTransient, kRefused };
  Kind kind = Kind::kNone;
  std::string message;  // for the sync log; never a secret or a token
  int status = 0;
  std::optional<std::chrono::seconds> retry_after;

  bool ok() const { return kind == Kind::kNone; }
};

}  // namespace bb::integrations
