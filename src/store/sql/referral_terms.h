#pragma once
// SQL terms over a referral `r` (and its history entries) that the reports share, so that a win,
// a stage reached and a deal's currency mean the same in every figure.

#include <string>
#include <string_view>

#include "store/sql/query_helpers.h"

namespace bb::store::sql {

// A win: a won referral that is clear (a held or rejected referral is never a win).
inline constexpr std::string_view kWin = "r.stage = 'won' AND r.review_status = 'clear'";

// A history entry (alias `alias`) that reached `stage` (moves record every stage they pass).
inline std::string Reached(std::string_view alias, std::string_view stage) {
  return Sql("instr(',' || ", alias, ".reached || ',', ',", stage, ",') > 0");
}

// A history entry `e` that is the referral's latest to reach won: a referral is one win in the
// figures, dated at its latest entry that reached won -- its own deal's win once that came after a
// win through its account (domain/account_credit.h) -- as the customer value and as-of replays
// date it.
inline constexpr std::string_view kLatestToReachWon =
    "NOT EXISTS (SELECT 1 FROM referral_events f WHERE f.referral_id = e.referral_id AND instr(',' || f.reached || "
    "',', ',won,') > 0 AND (f.at > e.at OR (f.at = e.at AND f.rowid > e.rowid)))";

// Whether the referral ever reached `stage`, according to its history.
inline std::string EverReached(std::string_view stage) {
  return Sql("EXISTS (SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND ", Reached("e", stage), ")");
}

// The currency of a referral's deal (its program's, `p`, for a deal recorded before deals kept theirs).
inline constexpr std::string_view kDealCurrency = "COALESCE(NULLIF(r.deal_currency, ''), p.currency)";

}  // namespace bb::store::sql
