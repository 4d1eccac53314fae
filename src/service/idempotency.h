#pragma once
// Idempotency-Key support for every POST. A request with a key either runs (and its reply is
// recorded in the same transaction as its writes, so a reply is recorded exactly when its effects
// are) or, when the key was seen before, replays the recorded reply. The same key with another
// request is refused. Records expire after `ttl` (24 hours by default).
//
// Thread-safety: all methods may be called concurrently.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace bb::service {

struct IdempotencyClaim {
  std::string scope;        // who is asking: user, API key, or anonymous client
  std::string key;          // the header value
  std::string fingerprint;  // hash of method, path and body
};

struct StoredReply {
  int status = 200;
  std::string body;
  std::string location;  // Location header, or empty
};

// What a creating use case needs to record its reply: the claim (if the request had a key) and
// how to render its result.
template <class T>
struct Idempotent {
  std::optional<IdempotencyClaim> claim;
  std::function<StoredReply(const T&)> render;
};

class Idempotency {
 public:
  static constexpr std::string_view kField = "Idempotency-Key";

  Idempotency(store::Store& store, const Clock& clock, Duration ttl) : store_(store), clock_(clock), ttl_(ttl) {}

  // The claim for a request; the fingerprint covers method, path and body.
  static IdempotencyClaim MakeClaim(std::string scope, std::string key, std::string_view method, std::string_view path,
                                    std::string_view body);

  // nullopt: no live record, run the request. A reply: replay it. kInvalidArgument naming the
  // Idempotency-Key when the key was used for a different request.
  Result<std::optional<StoredReply>> Lookup(const IdempotencyClaim& claim) const;

  // Inside a write transaction: records `reply` under `claim`. kConflict naming the
  // Idempotency-Key when a concurrent request with the same key recorded first (the caller then
  // looks the key up again and replays).
  Status Record(store::Tx& tx, const IdempotencyClaim& claim, const StoredReply& reply) const;

  template <class T>
  Status Record(store::Tx& tx, const Idempotent<T>& idempotent, const T& value) const {
    if (!idempotent.claim) return Ok();
    return Record(tx, *idempotent.claim, idempotent.render(value));
  }

  // Deletes expired records; returns how many.
  Result<std::int64_t> PurgeExpired();

 private:
  store::Store& store_;
  const Clock& clock_;
  Duration ttl_;
};

}  // namespace bb::service
