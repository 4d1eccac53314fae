#pragma once
// Use cases for advocates: enrollment by staff, sales reps and the API; public self sign-up;
// read, list with filters, update, deactivate. Every method checks the actor's right to the
// program and to the advocate. Thread-safe.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/advocate.h"
#include "domain/analytics.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/lifecycle_mover.h"
#include "service/link_target_cache.h"
#include "service/program_service.h"
#include "store/store.h"

namespace bb::service {

struct AdvocateFilter {
  std::string search;  // "" or text to find in the name, email or company, or a whole referral code
  std::vector<std::pair<std::string, std::string>> attributes;  // key = value (as text)
  std::vector<std::string> tags;
  std::optional<domain::AdvocateSource> source;
  std::optional<domain::AdvocateStatus> status;
  std::optional<Timestamp> created_from;
  std::optional<Timestamp> created_before;
};

class AdvocateService {
 public:
  // `link_targets` is cleared whenever an advocate changes.
  AdvocateService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                  LinkTargetCache& link_targets, const EventPublisher& events)
      : store_(store),
        clock_(clock),
        ids_(ids),
        idempotency_(idempotency),
        link_targets_(link_targets),
        events_(events),
        lifecycle_(ids) {}

  // Enrolls a person in a program on the actor's authority: source "staff", "sales_rep" or "api"
  // by who the actor is; the actor is recorded as enrolled_by. The enrolment holds exactly the
  // details given: a person already known by email from another program shares only the matching
  // identity (person_id), never that program's name, company or attributes.
  // kConflict naming "email" when the person is already an advocate of the program; kConflict
  // when the program is archived.
  Result<domain::Advocate> Enroll(const domain::Actor& actor, std::string_view program_id,
                                  const domain::AdvocateInput& input,
                                  const Idempotent<domain::Advocate>& idempotent = {});

  // Public self sign-up to the program with this slug (source "self_signup"). `invitation`: the
  // token of the personal join link they came by (a campaign's), counted as joined in the same
  // transaction when the person joins with the address invited; any other token (another
  // program's, used with another address, or joined already) is ignored and the sign-up stands.
  // kNotFound for an unknown program, kConflict when it is not active or the person is already
  // enrolled.
  Result<domain::Advocate> Join(std::string_view program_slug, const domain::AdvocateInput& input,
                                const std::optional<std::string>& invitation = std::nullopt,
                                const Idempotent<domain::Advocate>& idempotent = {});

  Result<domain::Advocate> Get(const domain::Actor& actor, std::string_view id);
  // The signed-in advocate's own record (portal); kPermissionDenied for any other actor.
  Result<domain::Advocate> Profile(const domain::Actor& actor);
  // The advocate's clicks and referrals over `range`, completed with the defaults (see
  // domain::CompleteAnalyticsRange; kInvalidArgument naming "to" for a bad range). For staff who
  // may read the advocate (kNotFound otherwise, as Get) and for the advocate themself.
  Result<domain::AdvocateActivity> Activity(const domain::Actor& actor, std::string_view id, domain::TimeRange& range);
  Result<PageOf<domain::Advocate>> List(const domain::Actor& actor, std::string_view program_id,
                                        const AdvocateFilter& filter, const Page& page);
  Result<domain::Advocate> Update(const domain::Actor& actor, std::string_view id, const domain::AdvocateInput& input);
  Result<domain::Advocate> Deactivate(const domain::Actor& actor, std::string_view id,
                                      const Idempotent<domain::Advocate>& idempotent = {});

  // Inside `tx`, for a caller that has checked the actor and the program (imports): reuses the
  // person known by `advocate.person.email_normalized` or inserts one, inserts the advocate with a
  // fresh code and publishes advocate.enrolled. kConflict naming "email" when the person is an
  // advocate of the program already. Fills the person and the code into `advocate`.
  Status EnrollInTx(store::Tx& tx, domain::Advocate& advocate);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  LinkTargetCache& link_targets_;
  const EventPublisher& events_;
  LifecycleMover lifecycle_;
};

}  // namespace bb::service
