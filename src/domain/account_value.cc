#include "domain/account_value.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/checked_math.h"
#include "domain/contact.h"

namespace bb::domain {
namespace {

// The sums of an account's figures, exact before they are checked to fit.
struct AccountSums {
  Sum128 own_clv, crv, civ, ckv, projected, customers, incremental, unpriced, rewards, recent;
};

// `sum` as the figure named `figure` of the account; kOutOfRange naming both when it does not fit.
Result<std::int64_t> FigureOf(Int128 sum, std::string_view figure, std::string_view account) {
  if (auto fits = FitInt64(sum)) return *fits;
  return Error(ErrorCode::kOutOfRange,
               "The " + std::string(figure) + " of account " + std::string(account) +
                   " is too large to show: check the program's valuation settings and its deal values.",
               {{std::string(figure), "is more than 9223372036854775807 and cannot be shown"}});
}

}  // namespace

std::vector<std::string> CompanyDomainsOf(const std::vector<std::string_view>& emails) {
  std::unordered_map<std::string_view, std::string> of_host;
  std::vector<std::string> out;
  out.reserve(emails.size());
  for (std::string_view email : emails) {
    const std::string_view host = email.find('@') == std::string_view::npos ? email : EmailDomainPart(email);
    auto [it, added] = of_host.try_emplace(host);
    if (added) it->second = CompanyEmailDomain(email);
    out.push_back(it->second);
  }
  return out;
}

Result<AccountValueReport> ValueAccounts(const ValueSettings& settings, const std::vector<CustomerValue>& advocates,
                                         const std::vector<std::string>& domains) {
  AccountValueReport report;
  std::unordered_map<std::string_view, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < advocates.size(); ++i) {
    if (domains[i].empty()) {
      ++report.unassigned_advocates;
    } else {
      members[domains[i]].push_back(i);
    }
  }
  std::vector<std::int64_t> clv_basis, crv_basis;
  report.accounts.reserve(members.size());
  for (auto& [domain, indexes] : members) {
    AccountValue a;
    a.domain = std::string(domain);
    AccountSums sums;
    for (std::size_t i : indexes) {
      const CustomerValue& v = advocates[i];
      a.tenure_days = std::max(a.tenure_days, v.tenure_days);
      if (v.own_inputs) {
        ++a.own_inputs_advocates;
        sums.own_clv.Add(v.clv_minor);
      }
      sums.crv.Add(v.crv_minor);
      sums.civ.Add(v.civ_minor);
      sums.ckv.Add(v.ckv_minor);
      sums.projected.Add(v.projected_referrals_minor);
      sums.customers.Add(v.referred_customers);
      sums.incremental.Add(v.incremental_customers_bp);
      sums.unpriced.Add(v.unpriced_customers);
      sums.rewards.Add(v.rewards_minor);
      sums.recent.Add(v.recent_referrals);
    }
    // Without own inputs every member's CLV is the program's figure: the company counts it once.
    const Int128 clv = a.own_inputs_advocates > 0 ? sums.own_clv.value() : advocates[indexes.front()].clv_minor;
    BB_ASSIGN_OR_RETURN(a.clv_minor, FigureOf(clv, "clv_minor", domain));
    BB_ASSIGN_OR_RETURN(a.crv_minor, FigureOf(sums.crv.value(), "crv_minor", domain));
    BB_ASSIGN_OR_RETURN(a.civ_minor, FigureOf(sums.civ.value(), "civ_minor", domain));
    BB_ASSIGN_OR_RETURN(a.ckv_minor, FigureOf(sums.ckv.value(), "ckv_minor", domain));
    BB_ASSIGN_OR_RETURN(
        a.cev_minor,
        FigureOf(static_cast<Int128>(a.clv_minor) + a.crv_minor + a.civ_minor + a.ckv_minor, "cev_minor", domain));
    BB_ASSIGN_OR_RETURN(a.projected_referrals_minor,
                        FigureOf(sums.projected.value(), "projected_referrals_minor", domain));
    BB_ASSIGN_OR_RETURN(a.referred_customers, FigureOf(sums.customers.value(), "referred_customers", domain));
    BB_ASSIGN_OR_RETURN(a.incremental_customers_bp,
                        FigureOf(sums.incremental.value(), "incremental_customers_bp", domain));
    BB_ASSIGN_OR_RETURN(a.unpriced_customers, FigureOf(sums.unpriced.value(), "unpriced_customers", domain));
    BB_ASSIGN_OR_RETURN(a.rewards_minor, FigureOf(sums.rewards.value(), "rewards_minor", domain));
    BB_ASSIGN_OR_RETURN(a.recent_referrals, FigureOf(sums.recent.value(), "recent_referrals", domain));
    a.members = std::move(indexes);
    if (a.tenure_days >= 1) {
      clv_basis.push_back(a.clv_minor);
      crv_basis.push_back(a.crv_minor);
    }
    report.accounts.push_back(std::move(a));
  }
  std::sort(report.accounts.begin(), report.accounts.end(),
            [](const AccountValue& a, const AccountValue& b) { return a.domain < b.domain; });
  report.median_basis = static_cast<std::int64_t>(clv_basis.size());
  report.clv_split_minor = QuadrantSplit(settings.clv_threshold_minor, std::move(clv_basis));
  report.crv_split_minor = QuadrantSplit(settings.crv_threshold_minor, std::move(crv_basis));
  for (auto& a : report.accounts) {
    a.quadrant = QuadrantOf(a.clv_minor, a.crv_minor, report.clv_split_minor, report.crv_split_minor);
    CountQuadrant(report.quadrants, a.quadrant);
  }
  return report;
}

}  // namespace bb::domain
