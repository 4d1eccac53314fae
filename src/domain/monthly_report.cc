#include "domain/monthly_report.h"

#include <algorithm>
#include <array>

#include "common/checked_math.h"
#include "domain/program_month.h"
#include "domain/reward_amount.h"

namespace bb::domain {

bool ConsentsToBeNamed(const Advocate& advocate) {
  auto it = advocate.attributes.find(std::string(kReportConsentAttribute));
  return it != advocate.attributes.end() && it->second.kind == AttributeValue::Kind::kBool && it->second.text == "true";
}

ShareOfTotal ShareOf(std::int64_t referral_minor, std::optional<std::int64_t> total_minor) {
  ShareOfTotal share{referral_minor, total_minor, std::nullopt};
  if (total_minor && *total_minor > 0) {
    // None when too large to show.
    share.share_bp = FitInt64(RoundedQuotient(Int128{referral_minor} * kBasisPointsPerUnit, *total_minor));
  }
  return share;
}

std::vector<ReportAdvocate> ReportAdvocates(const std::vector<AdvocateFigures>& top,
                                            const std::vector<std::string>& consenting) {
  std::vector<ReportAdvocate> out;
  for (const auto& a : top) {
    ReportAdvocate r;
    r.named = std::find(consenting.begin(), consenting.end(), a.advocate_id) != consenting.end();
    r.name = r.named ? a.name : "An advocate";
    r.company = r.named ? a.company : "";
    r.referrals = a.referrals;
    r.won = a.won;
    r.revenue_minor = a.revenue_minor;
    r.currency = a.currency;
    out.push_back(std::move(r));
  }
  return out;
}

std::string MonthName(std::string_view month) {
  static constexpr std::array<std::string_view, 12> kNames = {"January",   "February", "March",    "April",
                                                              "May",       "June",     "July",     "August",
                                                              "September", "October",  "November", "December"};
  bool digits = month.size() == 7 && month[4] == '-' &&
                std::all_of(month.begin(), month.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  int number = digits ? (month[5] - '0') * 10 + (month[6] - '0') : 0;
  if (number < 1 || number > 12) return std::string(month);
  return std::string(kNames[static_cast<std::size_t>(number - 1)]) + " " + std::string(month.substr(0, 4));
}

}  // namespace bb::domain
