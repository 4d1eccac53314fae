#include "domain/account.h"

namespace bb::domain {

std::string_view ToString(PortalSignIn method) {
  switch (method) {
    case PortalSignIn::kLink: return "link";
    case PortalSignIn::kJoin: return "join";
    case PortalSignIn::kPassword: return "password";
  }
  return "link";
}

std::optional<PortalSignIn> ParsePortalSignIn(std::string_view text) {
  if (text == "link") return PortalSignIn::kLink;
  if (text == "join") return PortalSignIn::kJoin;
  if (text == "password") return PortalSignIn::kPassword;
  return std::nullopt;
}

}  // namespace bb::domain
