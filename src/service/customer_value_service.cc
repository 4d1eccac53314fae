#include "service/customer_value_service.h"

#include <algorithm>
#include <numeric>

#include "domain/ids.h"
#include "domain/reward_amount.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/program_values.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoProgram = "No program with this id.";
constexpr std::string_view kNoAdvocate = "No advocate with this id.";
constexpr std::string_view kNoReferral = "No referral with this id.";
constexpr std::string_view kArchived = "The program is archived: its customer values take no new inputs.";

// The program; kNotFound when it does not exist, and with `open` kConflict when it is archived.
Result<domain::Program> ProgramOf(store::Queries& q, std::string_view program_id, bool open = false) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound(std::string(kNoProgram));
  if (open && program->status == domain::ProgramStatus::kArchived) return Error::Conflict(std::string(kArchived));
  return *program;
}

// Ok for a program that exists and is not archived; kNotFound / kConflict.
Status ProgramOpen(store::Queries& q, std::string_view program_id) {
  auto program = ProgramOf(q, program_id, true);
  if (!program.ok()) return program.error();
  return Ok();
}

// The advocate, whose program is open; kNotFound / kConflict.
Result<domain::Advocate> OpenAdvocate(store::Queries& q, std::string_view advocate_id) {
  BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(advocate_id));
  if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
  BB_RETURN_IF_ERROR(ProgramOpen(q, advocate->program_id));
  return *advocate;
}

void CheckMoney(std::vector<FieldError>& errors, const char* field, std::int64_t value, bool may_be_negative) {
  const std::int64_t low = may_be_negative ? -domain::kMaxMinorAmount : 0;
  if (value < low || value > domain::kMaxMinorAmount) {
    errors.push_back({field, "must be a whole number of minor units from " + std::to_string(low) + " to " +
                                 std::to_string(domain::kMaxMinorAmount)});
  }
}

// Sorts `items` by `less` through their positions: each (large) item is moved once, not at every
// step of the sort.
template <class Less>
void SortInPlace(std::vector<ValuedAdvocate>& items, Less less) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return less(items[a], items[b]); });
  std::vector<ValuedAdvocate> sorted;
  sorted.reserve(items.size());
  for (std::size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

domain::AuditValue OptionalValue(const std::optional<std::int64_t>& v) {
  return v ? domain::AuditValue(*v) : domain::AuditValue();
}

}  // namespace

Result<Timestamp> CustomerValueService::AsOf(const std::optional<Timestamp>& as_of) const {
  const Timestamp now = clock_.Now();
  if (as_of && *as_of > now) {
    return Error::InvalidField("as_of", "must not be in the future: values are of what happened by then");
  }
  return as_of.value_or(now);
}

Result<CustomerValueService::ProgramSettings> CustomerValueService::Settings(const domain::Actor& actor,
                                                                             std::string_view program_id,
                                                                             std::optional<std::int64_t> version) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  ProgramSettings out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, ProgramOf(q, program_id));
    out.currency = program.currency;
    BB_ASSIGN_OR_RETURN(out.settings, ValueSettingsOf(q, program_id, version));
    return Ok();
  }));
  return out;
}

domain::ValueSettings ValueSettingsPatch::Over(domain::ValueSettings s) const {
  if (horizon_years) s.horizon_years = *horizon_years;
  if (discount_rate_bp) s.discount_rate_bp = *discount_rate_bp;
  if (retention_rate_bp) s.retention_rate_bp = *retention_rate_bp;
  if (derive_retention) s.derive_retention = *derive_retention;
  if (gross_margin_bp) s.gross_margin_bp = *gross_margin_bp;
  if (recurring) s.recurring = *recurring;
  if (acquisition_cost_minor) s.acquisition_cost_minor = *acquisition_cost_minor;
  if (incremental_share_bp) s.incremental_share_bp = *incremental_share_bp;
  if (revenue_per_year_minor) s.revenue_per_year_minor = *revenue_per_year_minor;
  if (clv_threshold_minor) s.clv_threshold_minor = *clv_threshold_minor;
  if (crv_threshold_minor) s.crv_threshold_minor = *crv_threshold_minor;
  return s;
}

Result<CustomerValueService::Published> CustomerValueService::Publish(const domain::Actor& actor,
                                                                      std::string_view program_id,
                                                                      const ValueSettingsPatch& patch) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  Published out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out = Published{};
    const Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto program, ProgramOf(tx, program_id, true));
    out.program.currency = program.currency;
    BB_ASSIGN_OR_RETURN(auto latest, ValueSettingsOf(tx, program_id, std::nullopt));
    const domain::ValueSettings settings = patch.Over(latest);
    BB_RETURN_IF_ERROR(domain::CheckValueSettings(settings));
    if (latest.version > 0 && latest.SameRules(settings)) {
      out.program.settings = std::move(latest);
      return Ok();
    }
    domain::ValueSettings record = settings;
    record.program_id = std::string(program_id);
    record.version = latest.version + 1;
    record.published_at = now;
    record.published_by = actor.id;
    BB_RETURN_IF_ERROR(tx.InsertValueSettings(record));
    out.program.settings = record;
    out.published = true;
    return RecordAudit(tx, ids_, actor, now, "value_settings.published", program_id,
                       {{"value_settings_version", latest.version, record.version}});
  }));
  return out;
}

Result<domain::CustomerInputs> CustomerValueService::RecordInputs(const domain::Actor& actor,
                                                                  std::string_view advocate_id,
                                                                  const CustomerInputsInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  std::vector<FieldError> errors;
  if (!input.revenue_per_year_minor) {
    errors.push_back({"revenue_per_year_minor", "is required: the advocate's own yearly revenue (0: not a customer)"});
  } else {
    CheckMoney(errors, "revenue_per_year_minor", *input.revenue_per_year_minor, false);
  }
  if (input.retention_rate_bp && (*input.retention_rate_bp < 0 || *input.retention_rate_bp > 10'000)) {
    errors.push_back({"retention_rate_bp", "must be null (the program's) or basis points from 0 to 10000"});
  }
  CheckMoney(errors, "marketing_cost_minor", input.marketing_cost_minor.value_or(0), false);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  domain::CustomerInputs out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, OpenAdvocate(tx, advocate_id));
    const Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto before, tx.ListCustomerInputs(advocate.program_id, advocate.id, now));
    out = domain::CustomerInputs{ids_.New(domain::kCustomerInputsPrefix),
                                 advocate.program_id,
                                 advocate.id,
                                 *input.revenue_per_year_minor,
                                 input.retention_rate_bp,
                                 input.marketing_cost_minor.value_or(0),
                                 now,
                                 actor.id};
    BB_RETURN_IF_ERROR(tx.InsertCustomerInputs(out));
    const domain::CustomerInputs* last = before.empty() ? nullptr : &before.back();
    return RecordAudit(
        tx, ids_, actor, now, "advocate.customer_inputs_recorded", advocate.id,
        {{"revenue_per_year_minor", last ? domain::AuditValue(last->revenue_per_year_minor) : domain::AuditValue(),
          out.revenue_per_year_minor},
         {"retention_rate_bp", last ? OptionalValue(last->retention_rate_bp) : domain::AuditValue(),
          OptionalValue(out.retention_rate_bp)},
         {"marketing_cost_minor", last ? domain::AuditValue(last->marketing_cost_minor) : domain::AuditValue(),
          out.marketing_cost_minor}});
  }));
  return out;
}

Result<domain::ValueEntry> CustomerValueService::AddEntry(const domain::Actor& actor, std::string_view advocate_id,
                                                          const ValueEntryInput& input,
                                                          const Idempotent<domain::ValueEntry>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  const Timestamp now = clock_.Now();
  std::vector<FieldError> errors;
  domain::ValueEntry entry;
  if (auto category = domain::ParseValueCategory(input.category.value_or(""))) {
    entry.category = *category;
  } else {
    errors.push_back({"category",
                      "must be influence (references, reviews, case studies) or knowledge (feedback, "
                      "betas)"});
  }
  if (!input.amount_minor) {
    errors.push_back({"amount_minor", "is required: the value in minor units of the program's currency"});
  } else if (*input.amount_minor == 0) {
    errors.push_back({"amount_minor", "must not be 0 (a correction is a negative entry)"});
  } else {
    CheckMoney(errors, "amount_minor", *input.amount_minor, true);
    entry.amount_minor = *input.amount_minor;
  }
  entry.note = std::string(domain::Trim(input.note.value_or("")));
  if (std::string problem = domain::CheckText(entry.note, domain::kMaxValueNoteLength); !problem.empty()) {
    errors.push_back({"note", problem + " (what the value is for)"});
  }
  entry.source_ref = std::string(domain::Trim(input.source_ref.value_or("")));
  if (std::string problem = domain::CheckText(entry.source_ref, domain::kMaxValueSourceLength, true);
      !problem.empty()) {
    errors.push_back({"source_ref", problem});
  }
  if (!input.occurred_at) {
    errors.push_back({"occurred_at", "is required: when it happened (RFC 3339)"});
  } else if (*input.occurred_at > now) {
    errors.push_back({"occurred_at", "must not be in the future"});
  } else if (ToMicros(*input.occurred_at) < 0) {
    errors.push_back({"occurred_at", "must be after 1970-01-01"});
  } else {
    entry.occurred_at = *input.occurred_at;
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, OpenAdvocate(tx, advocate_id));
    entry.id = ids_.New(domain::kValueEntryPrefix);
    entry.program_id = advocate.program_id;
    entry.advocate_id = advocate.id;
    entry.recorded_at = now;
    entry.recorded_by = actor.id;
    BB_RETURN_IF_ERROR(tx.InsertValueEntry(entry));
    BB_RETURN_IF_ERROR(RecordAudit(
        tx, ids_, actor, now, "advocate.value_entry_recorded", advocate.id,
        {{std::string(domain::ToString(entry.category)) + "_minor", domain::AuditValue(), entry.amount_minor}},
        entry.note));
    return idempotency_.Record(tx, idempotent, entry);
  }));
  return entry;
}

Result<domain::IncrementalityAnswer> CustomerValueService::Answer(const domain::Actor& actor,
                                                                  std::string_view referral_id,
                                                                  std::optional<bool> would_have_joined_anyway) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  domain::IncrementalityAnswer out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(referral_id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_RETURN_IF_ERROR(ProgramOpen(tx, referral->program_id));
    const Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto answers, tx.ListIncrementalityAnswers(referral->program_id, now));
    domain::AuditValue before;
    for (const auto& a : answers) {
      if (a.referral_id == referral->id) {
        before = a.would_have_joined_anyway ? domain::AuditValue(*a.would_have_joined_anyway) : domain::AuditValue();
      }
    }
    out = domain::IncrementalityAnswer{ids_.New(domain::kIncrementalityAnswerPrefix),
                                       referral->program_id,
                                       referral->id,
                                       would_have_joined_anyway,
                                       now,
                                       actor.id};
    BB_RETURN_IF_ERROR(tx.InsertIncrementalityAnswer(out));
    domain::AuditValue after =
        would_have_joined_anyway ? domain::AuditValue(*would_have_joined_anyway) : domain::AuditValue();
    return RecordAudit(tx, ids_, actor, now, "referral.incrementality_answered", referral->id,
                       {{"would_have_joined_anyway", before, after}});
  }));
  return out;
}

Result<ProgramValuation> CustomerValueService::Valuation(const ValueQuery& query, ValueBasis& basis) {
  BB_ASSIGN_OR_RETURN(basis.as_of, AsOf(query.as_of));
  basis.view = query.view;
  ProgramValuation valuation;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, ProgramOf(q, query.program_id));
    BB_ASSIGN_OR_RETURN(auto settings, ValueSettingsOf(q, query.program_id, query.version));
    BB_ASSIGN_OR_RETURN(valuation, ValueProgram(q, program, settings, basis.as_of, query.view));
    return Ok();
  }));
  basis.settings = valuation.settings;
  basis.currency = valuation.program.currency;
  return valuation;
}

std::vector<ValuedAdvocate> CustomerValueService::RankAdvocates(ProgramValuation& valuation, ValueBasis& basis) {
  std::vector<ValuedAdvocate> out;
  out.reserve(valuation.advocates.size());
  for (std::size_t i = 0; i < valuation.advocates.size(); ++i) {
    ValuedAdvocate v;
    v.id = std::move(valuation.advocates[i].advocate_id);
    v.value = std::move(valuation.report.advocates[i]);
    out.push_back(std::move(v));
  }
  valuation.report.advocates.clear();
  basis.report = std::move(valuation.report);
  SortInPlace(out, [](const auto& a, const auto& b) { return RanksBefore(ValueOrder::kCev, a, b); });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<std::int64_t>(i) + 1;
  return out;
}

Result<std::vector<ValuedAdvocate>> CustomerValueService::Valued(const ValueQuery& query, ValueBasis& basis) {
  BB_ASSIGN_OR_RETURN(auto valuation, Valuation(query, basis));
  return RankAdvocates(valuation, basis);
}

Result<ValueList> CustomerValueService::List(const domain::Actor& actor, ValueQuery query, ValueOrder order,
                                             std::optional<domain::Quadrant> quadrant, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  BB_ASSIGN_OR_RETURN(auto position, ReadSnapshotCursor(page));  // every page of the list as of one instant
  if (!query.as_of) query.as_of = position.as_of;
  ValueList out;
  BB_ASSIGN_OR_RETURN(auto valued, Valued(query, out.basis));
  if (quadrant) std::erase_if(valued, [&](const ValuedAdvocate& v) { return v.value.quadrant != *quadrant; });
  if (order != ValueOrder::kCev) {
    SortInPlace(valued, [order](const auto& a, const auto& b) { return RanksBefore(order, a, b); });
  }
  out.count = static_cast<std::int64_t>(valued.size());
  BB_ASSIGN_OR_RETURN(out.page, PageByPosition(std::move(valued), page, out.basis.as_of));
  // Only the page's advocates are read in full (their names and emails).
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    for (auto& v : out.page.items) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(v.id));
      if (!advocate) return Error::Internal("A valued advocate was not found.");
      v.advocate = std::make_shared<const domain::Advocate>(std::move(*advocate));
    }
    return Ok();
  }));
  return out;
}

Result<AdvocateValue> CustomerValueService::OfAdvocate(const domain::Actor& actor, std::string_view advocate_id,
                                                       ValueQuery query) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  AdvocateValue out;
  BB_ASSIGN_OR_RETURN(const Timestamp as_of, AsOf(query.as_of));
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(advocate_id));
    if (!advocate || advocate->created_at > as_of) return Error::NotFound(std::string(kNoAdvocate));
    query.program_id = advocate->program_id;
    BB_ASSIGN_OR_RETURN(auto inputs, q.ListCustomerInputs(advocate->program_id, advocate->id, as_of));
    if (!inputs.empty()) out.inputs = std::move(inputs.back());
    BB_ASSIGN_OR_RETURN(out.entries, q.ListValueEntries(advocate->program_id, advocate->id, as_of));
    out.advocate.advocate = std::make_shared<const domain::Advocate>(std::move(*advocate));
    return Ok();
  }));
  query.as_of = as_of;
  BB_ASSIGN_OR_RETURN(auto valued, Valued(query, out.basis));
  auto it = std::find_if(valued.begin(), valued.end(), [&](const auto& v) { return v.id == advocate_id; });
  if (it == valued.end()) return Error::NotFound(std::string(kNoAdvocate));
  it->advocate = std::move(out.advocate.advocate);
  out.advocate = std::move(*it);
  return out;
}

}  // namespace bb::service
