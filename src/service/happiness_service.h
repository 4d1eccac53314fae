#pragma once
// Happiness ratings (domain/happiness.h) as raters, staff and admins use them: the one-click rating
// from an email's link (the rating page then takes a comment), the portal's "How did we do?" for
// what staff handled, the report per program, staff member and kind of interaction, the ratings
// with their comments (each staff member sees those about them; admins all), and an admin removing
// one. A rating and its consequences — the repeats it supersedes, the flags on many ratings from one
// address — are written in one transaction. Thread-safe (no state of its own).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/happiness.h"
#include "service/actor_names.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

// What the rating page shows for a token.
struct RatingPage {
  domain::RatingRequest request;
  std::string program_name;
  std::optional<domain::Rating> rating;  // the one given so far
};

enum class HappinessGrouping { kProgram, kStaff, kInteraction };
std::optional<HappinessGrouping> ParseHappinessGrouping(std::string_view text);  // "program", "staff", "interaction"

struct HappinessGroup {
  std::string key;   // the program's id, the staff member's id ("" for the program itself), the interaction
  std::string name;  // as a person reads it
  domain::HappinessFigures figures;
};

struct HappinessReport {
  Timestamp from{};
  Timestamp before{};
  std::vector<HappinessGroup> groups;  // by key
  HappinessGroup all;                  // every group together
};

struct RatingList {
  PageOf<domain::Rating> ratings;
  ActorNames names;  // the rated staff members'
};

class HappinessService {
 public:
  HappinessService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  // The public rating page for `token`: kNotFound for a token that is unknown or expired.
  Result<RatingPage> Show(std::string_view token);
  // Rates with `token` (anyone holding it; rate-limited by the caller): the request's one rating,
  // made or changed (see domain::ApplyRating), from `ip_hash`. kNotFound as Show.
  Result<RatingPage> Rate(std::string_view token, const domain::RatingInput& input, std::string_view ip_hash);

  // The signed-in advocate's requests about what staff handled for them, not rated yet.
  Result<std::vector<domain::RatingRequest>> Open(const domain::Actor& actor);
  // The signed-in advocate rates their request `request_id` (kNotFound for another's).
  Result<domain::Rating> RateInPortal(const domain::Actor& actor, std::string_view request_id,
                                      const domain::RatingInput& input, std::string_view ip_hash);

  // Figures of the ratings given in [from, before) and the requests made in it, grouped. Admins,
  // managers and viewers; kNotFound for an unknown program filter.
  Result<HappinessReport> Report(const domain::Actor& actor, std::string_view program_id, HappinessGrouping grouping,
                                 Timestamp from, Timestamp before);
  // Ratings with their comments, newest first: admins every one (`query` as given); any other staff
  // member those about them only.
  Result<RatingList> List(const domain::Actor& actor, store::RatingQuery query, const Page& page);
  // Admins remove a rating from the figures (kept, marked deleted). Audited as rating.deleted.
  Result<domain::Rating> Delete(const domain::Actor& actor, std::string_view id);

 private:
  // The request's rating made or changed, its repeats superseded and one address's ratings flagged.
  Result<domain::Rating> Record(store::Tx& tx, const domain::RatingRequest& request, const domain::RatingInput& input,
                                std::string_view ip_hash, Timestamp now) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
};

}  // namespace bb::service
