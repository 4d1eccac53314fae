#pragma once
// Tracked links and what they record: the target of a code, clicks, and where an advocate was seen
// (for self-referral checks).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/click.h"
#include "domain/program.h"

namespace bb::store {

// Everything GET /r/{code} needs, in one lookup.
struct LinkTarget {
  std::string advocate_id;
  std::string program_id;
  std::string code;
  domain::AdvocateStatus advocate_status = domain::AdvocateStatus::kActive;
  domain::ProgramStatus program_status = domain::ProgramStatus::kActive;
  std::string landing_url;
  std::int64_t attribution_window_days = 0;
};

// Which clicks a page of GET /api/v1/exports/clicks.csv reads.
enum class BotClicks { kInclude, kExclude, kOnly };

struct ClickQuery {
  std::string program_id;
  std::string advocate_id;  // "" for every advocate of the program
  Timestamp from;           // occurred at or after
  Timestamp before;         // occurred before
  BotClicks bots = BotClicks::kInclude;
};

// Where a page of clicks ends: clicks are ordered by (occurred_at, id).
struct ClickPosition {
  Timestamp occurred_at;
  std::int64_t id = 0;
};

// A stored click and its position.
struct ClickRecord {
  std::int64_t id = 0;
  domain::Click click;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class LinkReads {
 public:
  virtual ~LinkReads() = default;

  virtual Result<std::optional<LinkTarget>> FindLinkTarget(std::string_view code) = 0;
  // Clicks whose visitor id is `visitor_id`, oldest first: the first `limit` stored (a visitor
  // with more, a replayed cookie say, costs no more than `limit`).
  virtual Result<std::vector<domain::Click>> ListClicksByVisitor(std::string_view visitor_id, int limit) = 0;
  // Up to `limit` clicks matching `query` after `after` (from the first when absent), oldest first
  // (by occurred_at, then id). Reads an index range per page however many clicks the program has.
  virtual Result<std::vector<ClickRecord>> ListClicks(const ClickQuery& query,
                                                      const std::optional<ClickPosition>& after, int limit) = 0;
  // Whether the advocate was seen with this visitor id or this address hash at or after `since`
  // (an empty value matches nothing).
  virtual Result<bool> AdvocateSeenAt(std::string_view advocate_id, std::string_view visitor_id,
                                      std::string_view ip_hash, Timestamp since) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class LinkWrites {
 public:
  virtual ~LinkWrites() = default;

  // Stores `click`. kInvalidArgument when its visitor id is not well formed
  // (domain::IsWellFormedVisitorId) or its ip_hash is not an address hash (domain::ParseAddressHash):
  // both are kept as their bits; or when its user agent or referrer is longer than
  // domain::kMaxUserAgentLength or kMaxReferrerLength bytes. An advocate's program and code are taken from its first
  // click (an advocate belongs to one program and its code never changes).
  virtual Status InsertClick(const domain::Click& click) = 0;
  virtual Status InsertAdvocateSighting(std::string_view advocate_id, std::string_view visitor_id,
                                        std::string_view ip_hash, Timestamp at) = 0;
};

}  // namespace bb::store
