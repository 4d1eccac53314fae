#pragma once
// Customer value of accounts: in B2B the customer is a company, and several of its people may be a
// program's advocates. An account gathers the advocates whose email is of one company domain
// (contact.h CompanyDomain: free email is no company) and values the company as one customer, from
// its advocates' figures (customer_value.h). Pure; no I/O.
//
// Definitions (docs/api.md "Accounts" under "Customer value"):
// - CLV: the company buys once, however many of its people advocate. The sum of the CLVs of its
//   advocates who have their own customer inputs (each person's share of the company's revenue,
//   as staff or a CRM entered it); with none, the program's revenue_per_year_minor valued once (the
//   CLV every advocate without inputs has), not once per person;
// - CRV, CIV, CKV and the counts behind them: the sums of its advocates' (each referral, reward
//   and entry belongs to one advocate, so nothing is counted twice);
// - CEV = CLV + CRV + CIV + CKV;
// - quadrants as for advocates, over the accounts: the program's thresholds, or the medians of the
//   accounts with a day of tenure (an account's tenure is its longest-enrolled advocate's).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/customer_value.h"

namespace bb::domain {

struct AccountValue {
  std::string domain;                     // the company domain
  std::vector<std::size_t> members;       // its advocates: indexes into the advocates given, in their order
  std::int64_t own_inputs_advocates = 0;  // advocates whose own inputs make the CLV; 0: the program's, once
  std::int64_t tenure_days = 0;           // the longest of its advocates'
  std::int64_t clv_minor = 0;
  std::int64_t crv_minor = 0;
  std::int64_t civ_minor = 0;
  std::int64_t ckv_minor = 0;
  std::int64_t cev_minor = 0;
  std::int64_t projected_referrals_minor = 0;
  std::int64_t referred_customers = 0;
  std::int64_t incremental_customers_bp = 0;
  std::int64_t unpriced_customers = 0;
  std::int64_t rewards_minor = 0;
  std::int64_t recent_referrals = 0;
  Quadrant quadrant = Quadrant::kMiser;
};

struct AccountValueReport {
  std::optional<std::int64_t> clv_split_minor;  // as ValueReport's, over the accounts
  std::optional<std::int64_t> crv_split_minor;
  std::int64_t median_basis = 0;  // accounts with a day of tenure
  QuadrantCounts quadrants;
  std::int64_t unassigned_advocates = 0;  // advocates of no company domain (free email), in no account
  std::vector<AccountValue> accounts;     // by domain
};

// The company domain (contact.h CompanyEmailDomain) of each of `emails`, in their order; each
// distinct host (compared as written) is looked up once.
std::vector<std::string> CompanyDomainsOf(const std::vector<std::string_view>& emails);

// Groups `advocates` (valued by ValueCustomers under `settings`) into accounts by `domains`, the
// company domain of each (same length and order; "" for none) and values each account.
// kOutOfRange naming the figure ("cev_minor") and, in its message, the account when a sum does not
// fit in 64 bits. Precondition: domains.size() == advocates.size().
Result<AccountValueReport> ValueAccounts(const ValueSettings& settings, const std::vector<CustomerValue>& advocates,
                                         const std::vector<std::string>& domains);

}  // namespace bb::domain
