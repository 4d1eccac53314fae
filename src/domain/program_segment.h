#pragma once
// A program's segments (PRODUCT.md: "target each segment with its own messages, rewards and
// positioning"): an ordered list of filters over an advocate's attributes, tags, NPS class and
// level. The first active segment whose filter matches is the advocate's segment; its words — the
// share message, the portal's headline, the landing page's headline and introduction, and its own
// email templates — replace the program's where it has its own (an empty one falls back to the
// program's). A referral records the segment its advocate was in when it was submitted, so reports
// by segment stay on that basis when advocates or segments change. Pure; no I/O; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/branding.h"
#include "domain/nps.h"
#include "domain/points.h"

namespace bb::domain {

inline constexpr std::size_t kMaxSegmentsPerProgram = 50;  // active ones
inline constexpr std::size_t kMaxSegmentsInAll = 200;      // active and retired
inline constexpr std::size_t kMaxSegmentNameLength = 80;
inline constexpr std::size_t kMaxSegmentDescriptionLength = 500;
inline constexpr std::size_t kMaxSegmentAttributes = 20;
inline constexpr std::size_t kMaxSegmentAttributeValues = 20;

// Which advocates a segment holds. Every part given must match; an empty filter holds everyone
// (a program's last, catch-all segment).
struct SegmentFilter {
  // Per attribute key (sorted, unique): the advocate's value, compared as text, is one of these.
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
  std::vector<std::string> tags;      // the advocate carries all of them (lower-case, sorted, unique)
  std::vector<NpsClass> nps_classes;  // their latest answer (attribute `nps_class`) is of one of them
  // Their lifetime points reach this level of the program's levels as they are now ("" any level);
  // a level the program no longer has matches nobody (SegmentWarnings says so).
  std::string min_level;
  friend bool operator==(const SegmentFilter&, const SegmentFilter&) = default;
};

// A segment's own words; "" falls back to the program's (domain/branding.h).
struct SegmentWords {
  std::string share_message;
  std::string portal_headline;
  std::string landing_headline;
  std::string landing_intro;
  friend bool operator==(const SegmentWords&, const SegmentWords&) = default;
};

struct ProgramSegment {
  std::string id;  // kSegmentPrefix
  std::string program_id;
  std::string name;
  std::string description;    // for staff
  std::int64_t position = 1;  // 1-based among the program's active segments: the first match wins
  SegmentFilter filter;
  SegmentWords words;
  bool active = true;  // false: retired, matches nobody (kept for the referrals that name it)
  Timestamp created_at{};
  Timestamp updated_at{};
  friend bool operator==(const ProgramSegment&, const ProgramSegment&) = default;
};

// Fields as a client sent them; absent ones keep their value. `attributes` values are texts;
// a single text stands for a list of one.
struct SegmentInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::int64_t> position;
  std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> attributes;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::vector<std::string>> nps_classes;
  std::optional<std::string> min_level;
  std::optional<std::string> share_message;
  std::optional<std::string> portal_headline;
  std::optional<std::string> landing_headline;
  std::optional<std::string> landing_intro;
  std::optional<bool> active;
};

// A new segment from `input` (name required), at the end of the program's `active_count` active
// segments unless `input.position` says where. kInvalidArgument naming each bad field ("name",
// "attributes.tier" (a bad key, no or too many values), "attributes.tier[2]", "tags[0]", "nps_classes[1]", "min_level",
// "position", "share_message", "portal_headline", ...): lengths, keys and tags as advocates' are written, a min_level
// not among `levels`, words with placeholders they do not offer, a position outside 1..active_count + 1.
Result<ProgramSegment> BuildSegment(const SegmentInput& input, std::string id, std::string program_id,
                                    std::int64_t active_count, const std::vector<PointsLevel>& levels, Timestamp now);
// `input` applied to `segment` at `now` (position: 1..active_count, or active_count + 1 for a
// retired segment coming back; a position for a segment that stays or becomes retired is refused);
// returns whether anything changed. Errors as BuildSegment; nothing changes on error. The caller
// renumbers the others (Reordered).
Result<bool> ApplySegmentChanges(ProgramSegment& segment, const SegmentInput& input, std::int64_t active_count,
                                 const std::vector<PointsLevel>& levels, Timestamp now);

// The program's active segments renumbered 1..n after `moved` took position `moved.position` (or
// left, when it was retired): the others keep their order. Returns the segments whose position
// changed, `moved` excluded.
std::vector<ProgramSegment> Reordered(std::vector<ProgramSegment> active, const ProgramSegment& moved);

// Whether an advocate with `profile` and `lifetime_points` is in `filter`, by the program's
// `levels` now.
bool Matches(const SegmentFilter& filter, const AdvocateProfile& profile, std::int64_t lifetime_points,
             const std::vector<PointsLevel>& levels);
// Whether any of `segments` looks at levels (so that a caller reads lifetime points only then).
bool NeedsLevel(const std::vector<ProgramSegment>& segments);
// The first active segment of `segments` (in position order) that holds the advocate, or null.
const ProgramSegment* FirstMatch(const std::vector<ProgramSegment>& segments, const AdvocateProfile& profile,
                                 std::int64_t lifetime_points, const std::vector<PointsLevel>& levels);

// What staff should know about a segment as the program is now: a min_level the program no longer
// has, a position after a catch-all segment (no advocate can reach it).
std::vector<std::string> SegmentWarnings(const ProgramSegment& segment, const std::vector<ProgramSegment>& active,
                                         const std::vector<PointsLevel>& levels);

// The words in effect for an advocate in `segment` (null: none): the segment's own, else the
// program's, else the defaults (domain/branding.h).
AdvocateWords WordsInEffect(const Branding& program, const ProgramSegment* segment);

}  // namespace bb::domain
