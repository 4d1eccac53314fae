#pragma once
// Customer value as staff and integrations use it (domain/customer_value.h): every staff role reads
// a program's valuation settings; admins and managers publish new versions (audited
// value_settings.published); admins and managers (and their API keys: a CRM, a finance system)
// record an advocate's own customer figures, their influence and knowledge entries, and a referred
// customer's answer on whether they would have joined anyway (each audited); admins, managers and
// viewers read the valuation of a program's advocates and of one advocate. Every figure is computed
// from the logs as of an instant, under a version of the settings. Thread-safe (no state of its own).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/account_value.h"
#include "domain/advocate.h"
#include "domain/customer_value.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "service/program_values.h"
#include "store/store.h"

namespace bb::service {

// The fields of a settings PUT: each one absent keeps the latest version's value.
struct ValueSettingsPatch {
  std::optional<std::optional<std::int64_t>> horizon_years;  // an empty inner value: a perpetuity
  std::optional<std::int64_t> discount_rate_bp;
  std::optional<std::int64_t> retention_rate_bp;
  std::optional<bool> derive_retention;
  std::optional<std::int64_t> gross_margin_bp;
  std::optional<bool> recurring;
  std::optional<std::int64_t> acquisition_cost_minor;
  std::optional<std::int64_t> incremental_share_bp;
  std::optional<std::int64_t> revenue_per_year_minor;
  std::optional<std::optional<std::int64_t>> clv_threshold_minor;  // an empty inner value: the median
  std::optional<std::optional<std::int64_t>> crv_threshold_minor;

  // `latest` with this patch's fields set.
  domain::ValueSettings Over(domain::ValueSettings latest) const;
};

struct CustomerInputsInput {
  std::optional<std::int64_t> revenue_per_year_minor;
  std::optional<std::int64_t> retention_rate_bp;  // nullopt: the program's
  std::optional<std::int64_t> marketing_cost_minor;
};

struct ValueEntryInput {
  std::optional<std::string> category;
  std::optional<std::int64_t> amount_minor;
  std::optional<std::string> note;
  std::optional<std::string> source_ref;
  std::optional<Timestamp> occurred_at;
};

// Which settings version, as of when, which view (default: the latest, now, realized).
struct ValueQuery {
  std::string program_id;
  std::optional<std::int64_t> version;
  std::optional<Timestamp> as_of;
  domain::ValueView view = domain::ValueView::kRealized;
};

// The figures of a valuation that are the same for every advocate in it.
struct ValueBasis {
  domain::ValueSettings settings;
  std::string currency;
  Timestamp as_of{};
  domain::ValueView view = domain::ValueView::kRealized;
  domain::ValueReport report;  // without its advocates
};

struct ValuedAdvocate {
  std::string id;  // the advocate's
  // Read in full only for what is answered (a page, the one asked for); null for the others.
  std::shared_ptr<const domain::Advocate> advocate;
  domain::CustomerValue value;
  std::int64_t rank = 0;  // 1: the highest CEV (ties: the advocate id)
};

enum class ValueOrder { kCev, kClv, kCrv };

// Whether `a` comes before `b` in `order`: the higher figure first, ties by id. For valued
// advocates and accounts alike (anything with an `id` and a `value` of the three figures).
template <class Valued>
bool RanksBefore(ValueOrder order, const Valued& a, const Valued& b) {
  auto key = [order](const Valued& v) {
    switch (order) {
      case ValueOrder::kClv: return v.value.clv_minor;
      case ValueOrder::kCrv: return v.value.crv_minor;
      case ValueOrder::kCev: break;
    }
    return v.value.cev_minor;
  };
  if (key(a) != key(b)) return key(a) > key(b);
  return a.id < b.id;
}

struct ValueList {
  ValueBasis basis;
  std::int64_t count = 0;  // in the list after the quadrant filter (every page)
  PageOf<ValuedAdvocate> page;
};

// A company's account valued as one customer (domain/account_value.h).
struct ValuedAccount {
  std::string id;  // the company domain
  domain::AccountValue value;
  std::int64_t rank = 0;  // 1: the highest CEV among the program's accounts (ties: the domain)
};

// The program's accounts valued. The basis's splits, median basis and quadrant counts are the
// accounts'.
struct AccountValueList {
  ValueBasis basis;
  std::int64_t unassigned_advocates = 0;  // advocates of no company domain, in no account
  std::int64_t count = 0;                 // accounts in the list after the quadrant filter
  PageOf<ValuedAccount> page;
};

// One account's valuation with its advocates' own lines (ranked among all the program's advocates):
// the 100 highest by CEV (value.members counts them all).
struct AccountValueDetail {
  ValueBasis basis;  // as in AccountValueList
  ValuedAccount account;
  std::vector<ValuedAdvocate> advocates;
};

// One advocate's valuation with what it was made of.
struct AdvocateValue {
  ValueBasis basis;
  ValuedAdvocate advocate;
  std::optional<domain::CustomerInputs> inputs;  // the latest by as_of
  std::vector<domain::ValueEntry> entries;       // by as_of, by occurrence
};

class CustomerValueService {
 public:
  CustomerValueService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency) {}

  // A version of the program's settings, with the currency its amounts are in.
  struct ProgramSettings {
    domain::ValueSettings settings;
    std::string currency;
  };
  // The program's settings of `version` (default: the latest; 0: the defaults). kNotFound for a
  // program or a version that does not exist.
  Result<ProgramSettings> Settings(const domain::Actor& actor, std::string_view program_id,
                                   std::optional<std::int64_t> version);
  // Publishes the latest version with `patch` applied — read and written in one transaction, so
  // that concurrent patches each apply to the version before them — as the program's next version
  // (domain::CheckValueSettings names the fields refused). Settings equal to the latest version's
  // publish nothing (`published` false). kConflict for an archived program, and naming "version"
  // when another version was published at the same instant.
  struct Published {
    ProgramSettings program;
    bool published = false;
  };
  Result<Published> Publish(const domain::Actor& actor, std::string_view program_id, const ValueSettingsPatch& patch);

  // Records the advocate's own figures as a customer (they count from now on). kInvalidArgument
  // naming each bad field; kNotFound for an advocate that does not exist; kConflict when its
  // program is archived.
  Result<domain::CustomerInputs> RecordInputs(const domain::Actor& actor, std::string_view advocate_id,
                                              const CustomerInputsInput& input);
  // Records an influence or knowledge value for the advocate; errors as RecordInputs
  // ("occurred_at": required, not in the future). With an Idempotency-Key, recorded once.
  Result<domain::ValueEntry> AddEntry(const domain::Actor& actor, std::string_view advocate_id,
                                      const ValueEntryInput& input, const Idempotent<domain::ValueEntry>& idempotent);
  // Records the referred customer's answer (nullopt: unknown again). kNotFound for a referral that
  // does not exist; kConflict when its program is archived.
  Result<domain::IncrementalityAnswer> Answer(const domain::Actor& actor, std::string_view referral_id,
                                              std::optional<bool> would_have_joined_anyway);

  // The program's advocates enrolled by as_of, valued, in `order` (highest first, ties by advocate
  // id), only those of `quadrant` when set; `rank` is the place by CEV among all of them. Without
  // as_of, the pages after the first are of the first page's instant. kInvalidArgument naming
  // "as_of" in the future or "cursor"; kNotFound for a program or version that does not exist.
  Result<ValueList> List(const domain::Actor& actor, ValueQuery query, ValueOrder order,
                         std::optional<domain::Quadrant> quadrant, const Page& page);
  // One advocate's valuation (as in the program's list) with its inputs and entries. kNotFound for
  // an advocate that does not exist or was not enrolled by as_of.
  Result<AdvocateValue> OfAdvocate(const domain::Actor& actor, std::string_view advocate_id, ValueQuery query);

  // The program's accounts (its advocates grouped by the company domain of their email) as of
  // as_of, valued, in `order` (highest first, ties by domain), only those of `quadrant` when set;
  // `rank` is the place by CEV among all of them. Errors and paging as List.
  Result<AccountValueList> Accounts(const domain::Actor& actor, ValueQuery query, ValueOrder order,
                                    std::optional<domain::Quadrant> quadrant, const Page& page);
  // One account of the program with its advocates: `domain` as typed (any case, one trailing dot, a
  // subdomain: its registrable domain is the account). kNotFound for a program or version that does
  // not exist, for free email, and for a domain none of whose advocates was enrolled by as_of (found
  // before any figure is computed).
  Result<AccountValueDetail> OfAccount(const domain::Actor& actor, std::string_view domain, ValueQuery query);

 private:
  Result<Timestamp> AsOf(const std::optional<Timestamp>& as_of) const;
  // Reads the program's valuation as of the query's instant and fills `basis` with all but its
  // report.
  Result<ProgramValuation> Valuation(const ValueQuery& query, ValueBasis& basis);
  // Values the program and ranks every advocate by CEV.
  Result<std::vector<ValuedAdvocate>> Valued(const ValueQuery& query, ValueBasis& basis);
  // The valuation's advocates ranked by CEV, moved out of it; its report without them goes to
  // `basis`.
  static std::vector<ValuedAdvocate> RankAdvocates(ProgramValuation& valuation, ValueBasis& basis);
  // The valuation's accounts (`domains`: each advocate's company domain) ranked by CEV; `basis.report` gets the
  // valuation's retention and the accounts' splits and quadrant counts.
  static Result<std::vector<ValuedAccount>> RankAccounts(const ProgramValuation& valuation,
                                                         const std::vector<std::string>& domains, ValueBasis& basis,
                                                         std::int64_t& unassigned_advocates);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
};

}  // namespace bb::service
