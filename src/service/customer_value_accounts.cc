// CustomerValueService's accounts: a program's advocates grouped by the company domain of their
// email and each company valued as one customer (domain/account_value.h).

#include <algorithm>
#include <unordered_set>

#include "domain/contact.h"
#include "service/customer_value_service.h"

namespace bb::service {
namespace {

using domain::Action;

// The advocates an account's answer lists in full: the highest by CEV.
constexpr std::size_t kListedAdvocates = 100;

constexpr std::string_view kNoAccount =
    "No account with this domain: none of the program's advocates enrolled by then has an email of it.";

// The valuation's report without its advocates, with the accounts' splits and quadrant counts.
domain::ValueReport AccountBasisReport(const domain::ValueReport& advocates,
                                       const domain::AccountValueReport& accounts) {
  domain::ValueReport out;
  out.retention_used_bp = advocates.retention_used_bp;
  out.retention_derived = advocates.retention_derived;
  out.retention_wins = advocates.retention_wins;
  out.retention_churns = advocates.retention_churns;
  out.customer_multiplier_millionths = advocates.customer_multiplier_millionths;
  out.clv_split_minor = accounts.clv_split_minor;
  out.crv_split_minor = accounts.crv_split_minor;
  out.median_basis = accounts.median_basis;
  out.quadrants = accounts.quadrants;
  return out;
}

// The company domain of each of the valuation's advocates, in its order.
std::vector<std::string> CompanyDomainsOf(const ProgramValuation& valuation) {
  std::vector<std::string_view> emails;
  emails.reserve(valuation.advocates.size());
  for (const auto& a : valuation.advocates) emails.push_back(a.email);
  return domain::CompanyDomainsOf(emails);
}

}  // namespace

Result<std::vector<ValuedAccount>> CustomerValueService::RankAccounts(const ProgramValuation& valuation,
                                                                      const std::vector<std::string>& domains,
                                                                      ValueBasis& basis,
                                                                      std::int64_t& unassigned_advocates) {
  BB_ASSIGN_OR_RETURN(auto report, domain::ValueAccounts(valuation.settings, valuation.report.advocates, domains));
  basis.report = AccountBasisReport(valuation.report, report);
  unassigned_advocates = report.unassigned_advocates;
  std::vector<ValuedAccount> out;
  out.reserve(report.accounts.size());
  for (auto& a : report.accounts) {
    ValuedAccount v;
    v.id = a.domain;
    v.value = std::move(a);
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return RanksBefore(ValueOrder::kCev, a, b); });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].rank = static_cast<std::int64_t>(i) + 1;
  return out;
}

Result<AccountValueList> CustomerValueService::Accounts(const domain::Actor& actor, ValueQuery query, ValueOrder order,
                                                        std::optional<domain::Quadrant> quadrant, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  BB_ASSIGN_OR_RETURN(auto position, ReadSnapshotCursor(page));  // every page of the list as of one instant
  if (!query.as_of) query.as_of = position.as_of;
  AccountValueList out;
  BB_ASSIGN_OR_RETURN(auto valuation, Valuation(query, out.basis));
  BB_ASSIGN_OR_RETURN(auto accounts,
                      RankAccounts(valuation, CompanyDomainsOf(valuation), out.basis, out.unassigned_advocates));
  if (quadrant) std::erase_if(accounts, [&](const ValuedAccount& v) { return v.value.quadrant != *quadrant; });
  if (order != ValueOrder::kCev) {
    std::sort(accounts.begin(), accounts.end(),
              [order](const auto& a, const auto& b) { return RanksBefore(order, a, b); });
  }
  out.count = static_cast<std::int64_t>(accounts.size());
  BB_ASSIGN_OR_RETURN(out.page, PageByPosition(std::move(accounts), page, out.basis.as_of));
  return out;
}

Result<AccountValueDetail> CustomerValueService::OfAccount(const domain::Actor& actor, std::string_view domain,
                                                           ValueQuery query) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  AccountValueDetail out;
  BB_ASSIGN_OR_RETURN(auto valuation, Valuation(query, out.basis));
  // The account of a host as typed (any case, a subdomain, one trailing dot), known before any
  // figure is computed.
  std::string_view host = domain;
  if (host.ends_with('.')) host.remove_suffix(1);
  // Only a host name (CompanyEmailDomain would take an email address's domain, and find the
  // account of "*.acme.example" or "a b.acme.example").
  if (!domain::IsHostName(host)) return Error::NotFound(std::string(kNoAccount));
  const std::string wanted = domain::CompanyEmailDomain(host);
  const std::vector<std::string> domains = CompanyDomainsOf(valuation);
  if (wanted.empty() || std::find(domains.begin(), domains.end(), wanted) == domains.end()) {
    return Error::NotFound(std::string(kNoAccount));
  }
  std::int64_t unassigned = 0;
  BB_ASSIGN_OR_RETURN(auto accounts, RankAccounts(valuation, domains, out.basis, unassigned));
  auto it = std::find_if(accounts.begin(), accounts.end(), [&](const ValuedAccount& a) { return a.id == wanted; });
  if (it == accounts.end()) return Error::NotFound(std::string(kNoAccount));
  out.account = std::move(*it);
  std::unordered_set<std::string> members;
  for (std::size_t i : out.account.value.members) members.insert(valuation.advocates[i].advocate_id);
  ValueBasis advocates_basis;  // the advocates' own splits are not this answer's
  for (auto& v : RankAdvocates(valuation, advocates_basis)) {
    if (out.advocates.size() == kListedAdvocates) break;
    if (members.contains(v.id)) out.advocates.push_back(std::move(v));
  }
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    for (auto& v : out.advocates) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(v.id));
      if (!advocate) return Error::Internal("A valued advocate was not found.");
      v.advocate = std::make_shared<const domain::Advocate>(std::move(*advocate));
    }
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
