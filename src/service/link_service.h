#pragma once
// The tracked link: GET /r/{code}. Decides where a visitor goes and records the click durably
// before the answer is sent. Thread-safe.

#include <functional>
#include <string>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/result.h"
#include "service/id_generator.h"
#include "service/link_target_cache.h"
#include "service/rate_limiter.h"
#include "store/store.h"

namespace bb::service {

struct LinkVisit {
  std::string code;        // as it appeared in the path
  std::string channel;     // the ?c= value, may be empty
  std::string visitor_id;  // the visitor cookie, may be empty or invalid
  std::string client_ip;   // used only to compute the keyed hash
  std::string user_agent;
  std::string referrer;
  // False for a HEAD (link checkers, previews): say where the link goes without recording a click
  // or issuing cookies (HEAD is safe: it changes nothing).
  bool record = true;
};

struct LinkOutcome {
  enum class Kind {
    kAttributed,  // click recorded; redirect with the code and set the attribution cookie
    kPlain,       // no attribution (paused program, inactive advocate, throttled): redirect only
    kUnknown,     // no such code: a friendly 404 page
    kGone,        // the program is archived: 410
    kPreview,     // where an attributed click would go (with the code), for a visit not recorded
  };
  Kind kind = Kind::kUnknown;
  std::string location;        // redirect target for kAttributed, kPlain and kPreview
  std::string code;            // normalised code, for the attribution cookie
  std::string visitor_id;      // the visitor's id (new when the cookie was missing or invalid)
  bool new_visitor = false;    // whether to (re)issue the visitor cookie
  Duration attribution_ttl{};  // how long the attribution cookie lives (the program's window)
};

class LinkService {
 public:
  // `ip_hash_key` keys the hash of client addresses; `per_ip_limiter` caps recorded clicks per
  // address (beyond it visitors are still redirected, without a click being recorded).
  LinkService(store::Store& store, const Clock& clock, const IdGenerator& ids, std::string ip_hash_key,
              RateLimiter& per_ip_limiter, LinkTargetCache& targets, MetricsRegistry& metrics);

  // Decides the outcome and, when the click is to be recorded, records it; `done` receives the
  // outcome only after the click is committed, or an error when storage failed (then nothing was
  // recorded and the visitor must not be redirected as if it had been). `done` runs either on
  // the calling thread or on the store's writer thread: it must be quick and must not block.
  void Follow(LinkVisit visit, std::function<void(Result<LinkOutcome>)> done);

  // The keyed hash recorded instead of a client address.
  std::string HashIp(std::string_view ip) const;

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const std::string ip_hash_key_;
  RateLimiter& per_ip_limiter_;
  LinkTargetCache& targets_;
  Counter& human_clicks_;
  Counter& bot_clicks_;
  Counter& throttled_clicks_;
};

}  // namespace bb::service
