// Customer value (domain/customer_value.h): a program's valuation settings (GET/PUT
// /api/v1/programs/{id}/value-settings), an advocate's own customer figures (PUT
// /api/v1/advocates/{id}/customer-inputs) and value entries (POST /api/v1/advocates/{id}/value-entries),
// a referred customer's answer on incrementality (PUT /api/v1/referrals/{id}/incrementality), the
// program's advocates valued (GET /api/v1/customer-value), one advocate's valuation (GET
// /api/v1/advocates/{id}/customer-value), and the program's accounts valued (GET
// /api/v1/customer-value/accounts, one: /accounts/{domain}). Money in minor units of the program's
// currency.

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kPerpetuity = "perpetuity";

constexpr std::string_view kMethod =
    "CLV = yearly revenue × gross margin × Σ_{t=1..T} r^(t−1) / (1+i)^(t−1) (a perpetuity: (1+i) / (1+i−r)) − "
    "marketing cost; the advocate's own inputs, else the program's revenue_per_year_minor. CRV = Σ over the "
    "advocate's referrals won and clear by as_of and not reversed (a churn judged within the reversal window when "
    "recorded) of each customer's value, s × the customer's CLV + (1 − s) × acquisition_cost_minor, rounded; the "
    "customer's CLV is their deal value × margin × the same multiplier at the program's retention (× 1 for one-off "
    "deals; × the years they stayed, at most the horizon, for one who churned after the window) and s is 1 when "
    "they would not have joined otherwise, 0 when they would have, else incremental_share_bp; less the rewards "
    "written for the advocate's referrals and not reversed by as_of. The projected view adds the referrals of the "
    "last 365 days again each year of the horizon, each worth its mean value less its mean reward, discounted from "
    "next year. CIV and CKV: the sums of the influence and knowledge entries by as_of. CEV = CLV + CRV + CIV + CKV "
    "of the rounded figures (half away from zero), so they add up. Quadrants: high CLV when above clv_split_minor "
    "(the median of the advocates with a day of tenure, rounded down, or the configured threshold), high CRV "
    "likewise; champion: both, affluent: CLV only, advocate: CRV only, miser: neither.";

constexpr std::string_view kAccountMethod =
    "Accounts gather the program's advocates by the registrable domain of their email (free email is no "
    "company) and value each company as one customer. CLV: the sum of the CLVs of its advocates who have their "
    "own customer inputs; with none, the program's revenue_per_year_minor valued once (not once per person). "
    "CRV, CIV, CKV and the counts: the sums of its advocates' (each referral, reward and entry belongs to one "
    "advocate). CEV = CLV + CRV + CIV + CKV. Quadrants as for advocates, over the accounts: high CLV when above "
    "clv_split_minor (the median of the accounts with a day of tenure, their longest-enrolled advocate's, "
    "rounded down, or the configured threshold), high CRV likewise. Each advocate's figures: ";

json::object SettingsToJson(const domain::ValueSettings& s, std::string_view currency) {
  return {{"program_id", s.program_id},
          {"version", s.version},
          {"published_at", s.version == 0 ? json::value(nullptr) : json::value(FormatTimestamp(s.published_at))},
          {"published_by", s.version == 0 ? json::value(nullptr) : json::value(s.published_by)},
          {"currency", currency},
          {"horizon_years", s.horizon_years ? json::value(*s.horizon_years) : json::value(kPerpetuity)},
          {"discount_rate_bp", s.discount_rate_bp},
          {"retention_rate_bp", s.retention_rate_bp},
          {"derive_retention", s.derive_retention},
          {"gross_margin_bp", s.gross_margin_bp},
          {"recurring", s.recurring},
          {"acquisition_cost_minor", s.acquisition_cost_minor},
          {"incremental_share_bp", s.incremental_share_bp},
          {"revenue_per_year_minor", s.revenue_per_year_minor},
          {"clv_threshold_minor", NumberOrNull(s.clv_threshold_minor)},
          {"crv_threshold_minor", NumberOrNull(s.crv_threshold_minor)}};
}

// The version asked for: none (the latest), 0 (the defaults) or a published one.
Result<std::optional<std::int64_t>> VersionOf(const Request& request) {
  return VersionFromQuery(request, "the defaults");
}

// version, as_of and view from the query string.
Result<service::ValueQuery> ValueQueryOf(const Request& request, std::string program_id) {
  service::ValueQuery query;
  query.program_id = std::move(program_id);
  BB_ASSIGN_OR_RETURN(query.version, VersionOf(request));
  BB_ASSIGN_OR_RETURN(query.as_of, AsOfFromQuery(request));
  if (auto text = request.Query("view")) {
    auto view = domain::ParseValueView(*text);
    if (!view) return Error::InvalidField("view", "must be realized or projected");
    query.view = *view;
  }
  return query;
}

// The basis of a valuation of `unit`: "advocate" or "account".
json::object BasisToJson(const service::ValueBasis& b, std::string_view unit = "advocate") {
  const auto& r = b.report;
  json::object quadrants{{"champion", r.quadrants.champions},
                         {"affluent", r.quadrants.affluents},
                         {"advocate", r.quadrants.advocates},
                         {"miser", r.quadrants.misers}};
  return {{"program_id", b.settings.program_id},
          {"as_of", FormatTimestamp(b.as_of)},
          {"view", domain::ToString(b.view)},
          {"currency", b.currency},
          {"settings", SettingsToJson(b.settings, b.currency)},
          {"retention", json::object{{"used_bp", r.retention_used_bp},
                                     {"derived", r.retention_derived},
                                     {"wins", r.retention_wins},
                                     {"churns", r.retention_churns}}},
          {"customer_multiplier", static_cast<double>(r.customer_multiplier_millionths) / 1e6},
          {"clv_split_minor", NumberOrNull(r.clv_split_minor)},
          {"crv_split_minor", NumberOrNull(r.crv_split_minor)},
          {"clv_split_basis", b.settings.clv_threshold_minor ? "threshold" : "median"},
          {"crv_split_basis", b.settings.crv_threshold_minor ? "threshold" : "median"},
          {"median_basis", r.median_basis},
          {"quadrants", std::move(quadrants)},
          {"unit", unit},
          {"method", unit == "account" ? std::string(kAccountMethod) + std::string(kMethod) : std::string(kMethod)}};
}

json::object ValueToJson(const service::ValuedAdvocate& v) {
  const auto& c = v.value;
  return {{"advocate_id", v.id},
          {"name", v.advocate ? v.advocate->FullName() : std::string()},
          {"email", v.advocate ? v.advocate->email : std::string()},
          {"company", v.advocate ? v.advocate->company : std::string()},
          {"rank", v.rank},
          {"quadrant", domain::ToString(c.quadrant)},
          {"clv_minor", c.clv_minor},
          {"crv_minor", c.crv_minor},
          {"civ_minor", c.civ_minor},
          {"ckv_minor", c.ckv_minor},
          {"cev_minor", c.cev_minor},
          {"projected_referrals_minor", c.projected_referrals_minor},
          {"rewards_minor", c.rewards_minor},
          {"referred_customers", c.referred_customers},
          {"incremental_customers_bp", c.incremental_customers_bp},
          {"unpriced_customers", c.unpriced_customers},
          {"recent_referrals", c.recent_referrals},
          {"tenure_days", c.tenure_days},
          {"clv_inputs", c.own_inputs ? "advocate" : "program"}};
}

json::object InputsToJson(const domain::CustomerInputs& i) {
  return {{"id", i.id},
          {"advocate_id", i.advocate_id},
          {"revenue_per_year_minor", i.revenue_per_year_minor},
          {"retention_rate_bp", NumberOrNull(i.retention_rate_bp)},
          {"marketing_cost_minor", i.marketing_cost_minor},
          {"recorded_at", FormatTimestamp(i.recorded_at)},
          {"recorded_by", i.recorded_by}};
}

json::object EntryToJson(const domain::ValueEntry& e) {
  return {{"id", e.id},
          {"advocate_id", e.advocate_id},
          {"category", domain::ToString(e.category)},
          {"amount_minor", e.amount_minor},
          {"note", e.note},
          {"source_ref", e.source_ref},
          {"occurred_at", FormatTimestamp(e.occurred_at)},
          {"recorded_at", FormatTimestamp(e.recorded_at)},
          {"recorded_by", e.recorded_by}};
}

// GET /api/v1/programs/{id}/value-settings?version=
Response GetSettings(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"version"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto version = VersionOf(request);
  if (!version.ok()) return ErrorResponse(version.error(), request);
  auto settings = context.services.customer_value.Settings(request.actor, request.Param("id"), *version);
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, SettingsToJson(settings->settings, settings->currency));
}

// PUT /api/v1/programs/{id}/value-settings: the settings, published as the next version; a field
// left out keeps the latest version's value.
Response PutSettings(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  std::vector<FieldError> errors;
  service::ValueSettingsPatch patch;
  // A null is refused where the field has no meaning for it (a field left out keeps its value).
  auto not_null = [&](std::string_view field) {
    if (reader.Present(field) && !reader.Has(field)) {
      errors.push_back({std::string(field), "must not be null: leave it out to keep the latest value"});
    }
  };
  not_null("horizon_years");
  if (const auto* horizon = body->if_contains("horizon_years"); horizon && horizon->is_string()) {
    if (reader.String("horizon_years") == kPerpetuity) {
      patch.horizon_years.emplace();
    } else {
      errors.push_back({"horizon_years", "must be a whole number of years, or \"perpetuity\""});
    }
  } else if (auto years = reader.Integer("horizon_years")) {
    patch.horizon_years = std::optional<std::int64_t>(*years);
  }
  auto integer = [&](std::string_view field, std::optional<std::int64_t>& target) {
    not_null(field);
    target = reader.Integer(field);
  };
  integer("discount_rate_bp", patch.discount_rate_bp);
  integer("retention_rate_bp", patch.retention_rate_bp);
  integer("gross_margin_bp", patch.gross_margin_bp);
  integer("acquisition_cost_minor", patch.acquisition_cost_minor);
  integer("incremental_share_bp", patch.incremental_share_bp);
  integer("revenue_per_year_minor", patch.revenue_per_year_minor);
  not_null("derive_retention");
  patch.derive_retention = reader.Boolean("derive_retention");
  not_null("recurring");
  patch.recurring = reader.Boolean("recurring");
  auto threshold = [&](std::string_view field, std::optional<std::optional<std::int64_t>>& target) {
    const bool present = reader.Present(field);
    auto v = reader.Integer(field);
    if (present) target = v;  // null: the median
  };
  threshold("clv_threshold_minor", patch.clv_threshold_minor);
  threshold("crv_threshold_minor", patch.crv_threshold_minor);
  Status read = reader.Finish();
  if (!read.ok() || !errors.empty()) {
    std::vector<FieldError> all = read.ok() ? std::vector<FieldError>{} : read.error().fields();
    all.insert(all.end(), errors.begin(), errors.end());
    return ErrorResponse(Error::Invalid(std::move(all)), request);
  }
  auto published = context.services.customer_value.Publish(request.actor, request.Param("id"), patch);
  if (!published.ok()) return ErrorResponse(published.error(), request);
  json::object out = SettingsToJson(published->program.settings, published->program.currency);
  out["published"] = published->published;
  return JsonReply(published->published ? 201 : 200, out);
}

// PUT /api/v1/advocates/{id}/customer-inputs {revenue_per_year_minor, retention_rate_bp?, marketing_cost_minor?}
Response PutInputs(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kImportData); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::CustomerInputsInput input;
  input.revenue_per_year_minor = reader.Integer("revenue_per_year_minor");
  input.retention_rate_bp = reader.Integer("retention_rate_bp");
  input.marketing_cost_minor = reader.Integer("marketing_cost_minor");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto recorded = context.services.customer_value.RecordInputs(request.actor, request.Param("id"), input);
  if (!recorded.ok()) return ErrorResponse(recorded.error(), request);
  return JsonReply(200, InputsToJson(*recorded));
}

// POST /api/v1/advocates/{id}/value-entries {category, amount_minor, note, source_ref?, occurred_at}
Response PostEntry(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kImportData); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::ValueEntryInput input;
  input.category = reader.String("category");
  input.amount_minor = reader.Integer("amount_minor");
  input.note = reader.String("note");
  input.source_ref = reader.String("source_ref");
  input.occurred_at = reader.Time("occurred_at");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<domain::ValueEntry> render = [](const domain::ValueEntry& entry) {
    return service::StoredReply{201, json::serialize(EntryToJson(entry)), ""};
  };
  auto entry = context.services.customer_value.AddEntry(request.actor, request.Param("id"), input,
                                                        IdempotentFor(request, render));
  return Reply(context, request, entry, render);
}

// PUT /api/v1/referrals/{id}/incrementality {would_have_joined_anyway: true | false | null}
Response PutIncrementality(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kImportData); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  const bool present = reader.Present("would_have_joined_anyway");
  auto answer = reader.Boolean("would_have_joined_anyway");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (!present) {
    return ErrorResponse(
        Error::InvalidField("would_have_joined_anyway", "is required: true, false, or null for unknown"), request);
  }
  auto recorded = context.services.customer_value.Answer(request.actor, request.Param("id"), answer);
  if (!recorded.ok()) return ErrorResponse(recorded.error(), request);
  const auto& a = *recorded;
  return JsonReply(
      200, json::object{{"id", a.id},
                        {"referral_id", a.referral_id},
                        {"would_have_joined_anyway",
                         a.would_have_joined_anyway ? json::value(*a.would_have_joined_anyway) : json::value(nullptr)},
                        {"recorded_at", FormatTimestamp(a.recorded_at)},
                        {"recorded_by", a.recorded_by}});
}

// What a list of values asks for: program_id, as_of, view, version, order, quadrant, limit and
// cursor from the query string; kInvalidArgument naming the first that cannot be read.
struct ValueListRequest {
  service::ValueQuery query;
  service::ValueOrder order = service::ValueOrder::kCev;
  std::optional<domain::Quadrant> quadrant;
  service::Page page;
};

Result<ValueListRequest> ValueListRequestOf(HandlerContext& context, const Request& request) {
  ValueListRequest out;
  BB_ASSIGN_OR_RETURN(auto program_id, ReportProgramId(request, {"program_id", "as_of", "view", "version", "order",
                                                                 "quadrant", "limit", "cursor"}));
  BB_ASSIGN_OR_RETURN(out.query, ValueQueryOf(request, std::move(program_id)));
  const auto order = request.Query("order").value_or("-cev");
  if (order == "-clv") {
    out.order = service::ValueOrder::kClv;
  } else if (order == "-crv") {
    out.order = service::ValueOrder::kCrv;
  } else if (order != "-cev") {
    return Error::InvalidField("order", "must be -cev, -clv or -crv");
  }
  if (auto text = request.Query("quadrant")) {
    out.quadrant = domain::ParseQuadrant(*text);
    if (!out.quadrant) return Error::InvalidField("quadrant", "must be champion, affluent, advocate or miser");
  }
  BB_ASSIGN_OR_RETURN(out.page, PageFromQuery(context, request));
  return out;
}

// The list's answer: its basis, `count`, the page's lines and the next cursor.
json::object ListReply(json::object basis, std::int64_t count, json::array data, const std::string& next_cursor) {
  basis["count"] = count;
  basis["data"] = std::move(data);
  basis["next_cursor"] = next_cursor.empty() ? json::value(nullptr) : json::value(next_cursor);
  return basis;
}

// GET /api/v1/customer-value?program_id=&as_of=&view=&version=&order=&quadrant=&limit=&cursor=
Response GetValues(HandlerContext& context, Request& request) {
  auto asked = ValueListRequestOf(context, request);
  if (!asked.ok()) return ErrorResponse(asked.error(), request);
  auto list =
      context.services.customer_value.List(request.actor, asked->query, asked->order, asked->quadrant, asked->page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& v : list->page.items) data.push_back(ValueToJson(v));
  return JsonReply(200, ListReply(BasisToJson(list->basis), list->count, std::move(data), list->page.next_cursor));
}

// GET /api/v1/advocates/{id}/customer-value?as_of=&view=&version=
Response GetAdvocateValue(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kReadAnalytics); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  if (Status known = OnlyQueryParameters(request, {"as_of", "view", "version"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto query = ValueQueryOf(request, "");
  if (!query.ok()) return ErrorResponse(query.error(), request);
  auto value = context.services.customer_value.OfAdvocate(request.actor, request.Param("id"), *query);
  if (!value.ok()) return ErrorResponse(value.error(), request);
  json::object out = BasisToJson(value->basis);
  out["advocate"] = ValueToJson(value->advocate);
  out["inputs"] = value->inputs ? json::value(InputsToJson(*value->inputs)) : json::value(nullptr);
  json::array entries;
  for (const auto& e : value->entries) entries.push_back(EntryToJson(e));
  out["entries"] = std::move(entries);
  json::array customers;
  for (const auto& c : value->advocate.value.customers) {
    customers.push_back(
        json::object{{"referral_id", c.referral_id},
                     {"clv_minor", NumberOrNull(c.clv_minor)},
                     {"incremental_share_bp", c.incremental_share_bp},
                     {"would_have_joined_anyway",
                      c.would_have_joined_anyway ? json::value(*c.would_have_joined_anyway) : json::value(nullptr)},
                     {"churned_at", c.churned_at ? json::value(FormatTimestamp(*c.churned_at)) : json::value(nullptr)},
                     {"value_minor", c.value_minor},
                     {"reversed", c.reversed}});
  }
  out["customers"] = std::move(customers);
  return JsonReply(200, out);
}

json::object AccountToJson(const service::ValuedAccount& v) {
  const auto& a = v.value;
  return {{"domain", v.id},
          {"rank", v.rank},
          {"quadrant", domain::ToString(a.quadrant)},
          {"advocates", static_cast<std::int64_t>(a.members.size())},
          {"clv_minor", a.clv_minor},
          {"crv_minor", a.crv_minor},
          {"civ_minor", a.civ_minor},
          {"ckv_minor", a.ckv_minor},
          {"cev_minor", a.cev_minor},
          {"projected_referrals_minor", a.projected_referrals_minor},
          {"rewards_minor", a.rewards_minor},
          {"referred_customers", a.referred_customers},
          {"incremental_customers_bp", a.incremental_customers_bp},
          {"unpriced_customers", a.unpriced_customers},
          {"recent_referrals", a.recent_referrals},
          {"tenure_days", a.tenure_days},
          {"clv_inputs", a.own_inputs_advocates > 0 ? "advocates" : "program"},
          {"own_inputs_advocates", a.own_inputs_advocates}};
}

// GET /api/v1/customer-value/accounts?program_id=&as_of=&view=&version=&order=&quadrant=&limit=&cursor=
Response GetAccountValues(HandlerContext& context, Request& request) {
  auto asked = ValueListRequestOf(context, request);
  if (!asked.ok()) return ErrorResponse(asked.error(), request);
  auto list =
      context.services.customer_value.Accounts(request.actor, asked->query, asked->order, asked->quadrant, asked->page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& v : list->page.items) data.push_back(AccountToJson(v));
  json::object basis = BasisToJson(list->basis, "account");
  basis["unassigned_advocates"] = list->unassigned_advocates;
  return JsonReply(200, ListReply(std::move(basis), list->count, std::move(data), list->page.next_cursor));
}

// GET /api/v1/customer-value/accounts/{domain}?program_id=&as_of=&view=&version=
Response GetAccountValue(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "as_of", "view", "version"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto query = ValueQueryOf(request, *program_id);
  if (!query.ok()) return ErrorResponse(query.error(), request);
  auto value = context.services.customer_value.OfAccount(request.actor, request.Param("domain"), *query);
  if (!value.ok()) return ErrorResponse(value.error(), request);
  json::object out = BasisToJson(value->basis, "account");
  out["account"] = AccountToJson(value->account);
  json::array advocates;
  for (const auto& v : value->advocates) advocates.push_back(ValueToJson(v));
  out["advocates"] = std::move(advocates);
  return JsonReply(200, out);
}

}  // namespace

void AddCustomerValueRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/value-settings", Access::kStaff, false, bind(GetSettings)});
  router.Add({"PUT", "/api/v1/programs/{id}/value-settings", Access::kStaff, false, bind(PutSettings)});
  router.Add({"PUT", "/api/v1/advocates/{id}/customer-inputs", Access::kStaff, false, bind(PutInputs)});
  router.Add({"POST", "/api/v1/advocates/{id}/value-entries", Access::kStaff, false, bind(PostEntry)});
  router.Add({"PUT", "/api/v1/referrals/{id}/incrementality", Access::kStaff, false, bind(PutIncrementality)});
  router.Add({"GET", "/api/v1/customer-value", Access::kStaff, false, bind(GetValues)});
  router.Add({"GET", "/api/v1/advocates/{id}/customer-value", Access::kStaff, false, bind(GetAdvocateValue)});
  router.Add({"GET", "/api/v1/customer-value/accounts", Access::kStaff, false, bind(GetAccountValues)});
  router.Add({"GET", "/api/v1/customer-value/accounts/{domain}", Access::kStaff, false, bind(GetAccountValue)});
}

}  // namespace bb::http
