#pragma once
// Clicks on tracked links, and the rules around them: channel names, bot detection and the
// landing URL that carries the code. Pure rules, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "domain/ids.h"

namespace bb::domain {

struct Click {
  std::string program_id;
  std::string advocate_id;
  std::string code;
  Timestamp occurred_at;
  std::string channel;     // see NormalizeChannel
  std::string visitor_id;  // first-party cookie value: IsWellFormedVisitorId
  std::string ip_hash;     // keyed hash of the client address (ParseAddressHash); never the address itself
  std::string user_agent;  // truncated to kMaxUserAgentLength
  std::string referrer;    // truncated to kMaxReferrerLength
  bool is_bot = false;
};

inline constexpr std::size_t kMaxUserAgentLength = 512;
inline constexpr std::size_t kMaxReferrerLength = 1024;

// The channel recorded for a `?c=` value: "direct" when absent, the lower-cased value when it is
// 1-32 of [a-z0-9_-] (email, linkedin, x, facebook, whatsapp, sms, qr, copy, or a custom name),
// "other" for anything else.
std::string NormalizeChannel(std::string_view raw);

// True for crawlers, link previewers and tools that are not a person following a link, judged by
// the User-Agent header (an empty one included).
bool IsBotUserAgent(std::string_view user_agent);

// `landing_url` with `bb_ref={code}` in its query: an existing bb_ref is replaced, the rest of the
// query and any fragment are kept. `code` must be a normalised referral code (no escaping needed).
std::string LandingUrlWithCode(std::string_view landing_url, std::string_view code);

// A visitor id as issued by Bluebird (see domain::FormatUlid): 26 lower-case Crockford base32
// characters, time-ordered so that new visitors append to indexes.
bool IsWellFormedVisitorId(std::string_view text);

// The 128 bits of an address hash as crypto::KeyedHash128Hex writes it (32 lower-case hexadecimal
// digits), or nullopt for any other text.
std::optional<Bits128> ParseAddressHash(std::string_view text);
// The 32 digits of `bits`: ParseAddressHash(FormatAddressHash(bits)) == bits for every value.
std::string FormatAddressHash(Bits128 bits);

}  // namespace bb::domain
