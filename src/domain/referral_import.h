#pragma once
// Historical referrals from a CSV file: a row read and checked against the program it goes into,
// and the history an imported referral starts with. An imported referral is a record of the past:
// it counts in the figures from the dates the file gives, and the stages it reached there earn no
// reward (an advocate paid before Bluebird is not paid again); what happens to it afterwards in
// Bluebird earns as usual. Pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/import.h"
#include "domain/referral.h"

namespace bb::domain {

// What a row is checked against.
struct ReferralImportContext {
  std::string currency;  // the program's: deal values are amounts in it
  bool uses_opportunity = true;
  Timestamp now;  // dates after it are refused
};

// One row of a referral import, its own cells checked. The referee's cells are checked with the
// rest of a submission's fields by the caller (service::DraftReferral).
struct ReferralImportRow {
  std::int64_t row = 0;
  std::string advocate_email;  // normalised; "" when the row names the advocate by code only
  std::string code;            // normalised; "" when not given
  RefereeInput referee;
  std::optional<std::string> product;
  std::optional<std::string> channel;
  std::optional<std::string> note;
  std::string external_id;
  ReferralStage stage = ReferralStage::kSubmitted;
  std::optional<std::int64_t> deal_value_minor;  // only for a won referral
  Timestamp submitted_at;                        // closed_at, or else `now`, when the file gives none
  std::optional<Timestamp> closed_at;            // only for a closed one
};

// Reads a referral row. On failure returns nullopt and appends one issue per bad cell (each naming
// its column's header) to `issues`: a cell that fails CheckImportCell; an advocate_email that is
// not an address or a code that is not a referral code; neither given; a stage that is not one of
// submitted, qualified, opportunity, won, lost, rejected (or opportunity in a program that skips
// it); a deal_value that is not a plain decimal amount with at most the currency's minor digits, is
// above kMaxMinorAmount, or is given for a referral that is not won; a date that is not RFC 3339
// (a date, or a date-time with its offset), is after `now` or before 1970; a closed_at for a referral still
// open, or before submitted_at; an external_id longer than kMaxExternalIdLength.
std::optional<ReferralImportRow> ReadReferralImportRow(const ImportColumns& columns,
                                                       const ReferralImportContext& context, std::int64_t row,
                                                       const std::vector<std::string>& fields,
                                                       std::vector<ImportIssue>& issues);

// The history entries (kind kImported, without ids, referral id or actor) an imported referral
// starts with: one at submitted_at reaching every stage up to the row's; for a closed referral
// with a closed_at after submitted_at, the open stages at submitted_at and the close at closed_at.
// The entry reaching won carries the deal value.
std::vector<ReferralEvent> ImportedHistory(const ReferralImportRow& row, bool uses_opportunity);

// The stages of `reached` (a move's) that may earn rewards given the referral's `history` so far:
// all but those an imported entry reached. A referral imported at opportunity and moved back to
// qualified and forward again reaches stages the file gave, which were never rewarded: moving it
// must not pay for them now. Order kept.
std::vector<ReferralStage> RewardableStages(const std::vector<ReferralStage>& reached,
                                            const std::vector<ReferralEvent>& history);

}  // namespace bb::domain
