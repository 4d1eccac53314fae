#include "domain/referral_import.h"

#include <algorithm>

#include "common/time_format.h"
#include "domain/money_text.h"
#include "domain/referral_code.h"
#include "domain/reward_amount.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::string_view kDateForm =
    "must be a date such as 2025-03-15, or a date and time such as "
    "2025-03-15T09:30:00Z (with its offset)";

// A plain decimal amount: digits, and at most `digits` more after a '.'. What a spreadsheet shows
// ("12,500.00", "$12500") is refused rather than guessed at.
std::string CheckDealValueText(std::string_view text, int digits) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  auto plain = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || !plain(whole) || !plain(fraction) || (dot != std::string_view::npos && fraction.empty())) {
    return "must be an amount written with digits and an optional '.' (such as 12500.50), without a currency "
           "sign or thousands separators";
  }
  if (fraction.size() > static_cast<std::size_t>(digits)) {
    return digits == 0 ? "must be a whole amount: the program's currency has no minor unit"
                       : "has more than " + std::to_string(digits) + " digits after the '.' for the program's currency";
  }
  return {};
}

}  // namespace

std::optional<ReferralImportRow> ReadReferralImportRow(const ImportColumns& columns,
                                                       const ReferralImportContext& context, std::int64_t row,
                                                       const std::vector<std::string>& fields,
                                                       std::vector<ImportIssue>& issues) {
  std::size_t issues_before = issues.size();
  auto cell = [&](std::string_view field) { return ReadImportCell(columns, field, row, fields, issues); };
  auto refuse = [&](std::string_view field, std::string message) {
    issues.push_back({row, columns.HeaderOf(field), std::move(message)});
  };
  ReferralImportRow out;
  out.row = row;

  if (auto email = cell("advocate_email")) {
    if (std::string problem = CheckEmail(*email); !problem.empty()) {
      refuse("advocate_email", "must be the advocate's email address: " + problem);
    } else {
      out.advocate_email = NormalizeEmail(*email);
    }
  }
  if (auto code = cell("code")) {
    if (auto normalized = NormalizeReferralCode(*code)) {
      out.code = *normalized;
    } else {
      refuse("code", "is not a referral code");
    }
  }
  if (out.advocate_email.empty() && out.code.empty() && issues.size() == issues_before) {
    refuse(columns.Find("advocate_email") ? "advocate_email" : "code",
           "is required: who referred? (the advocate's email address or their referral code)");
  }

  out.referee.email = cell("email");
  out.referee.first_name = cell("first_name");
  out.referee.last_name = cell("last_name");
  out.referee.company = cell("company");
  out.referee.title = cell("title");
  out.referee.phone = cell("phone");
  out.product = cell("product");
  out.channel = cell("channel");
  out.note = cell("note");

  if (auto external_id = cell("external_id")) {
    if (std::string problem = CheckText(*external_id, kMaxExternalIdLength); !problem.empty()) {
      refuse("external_id", problem);
    } else {
      out.external_id = std::move(*external_id);
    }
  }

  bool stage_read = true;
  if (auto stage = cell("stage")) {
    std::string lower = *stage;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (auto parsed = ParseReferralStage(lower)) {
      out.stage = *parsed;
      if (out.stage == ReferralStage::kOpportunity && !context.uses_opportunity) {
        refuse("stage", "is opportunity, a stage this program skips");
        stage_read = false;
      }
    } else {
      refuse("stage", "must be one of submitted, qualified, opportunity, won, lost, rejected");
      stage_read = false;
    }
  }

  if (auto value = cell("deal_value")) {
    int digits = MinorUnitDigits(context.currency);
    if (std::string problem = CheckDealValueText(*value, digits); !problem.empty()) {
      refuse("deal_value", problem);
    } else if (auto minor = DecimalTextToMinor(*value, digits); !minor) {
      refuse("deal_value", "is above the largest amount Bluebird keeps (10^15 minor units)");
    } else if (stage_read && out.stage != ReferralStage::kWon) {
      refuse("deal_value",
             "can only be given for a won referral (this one is " + std::string(ToString(out.stage)) + ")");
    } else {
      out.deal_value_minor = minor;
    }
  }

  auto date = [&](std::string_view field) -> std::optional<Timestamp> {
    auto text = cell(field);
    if (!text) return std::nullopt;
    auto at = ParseTimestamp(*text);
    if (!at) {
      refuse(field, std::string(kDateForm));
      return std::nullopt;
    }
    if (*at > context.now) {
      refuse(field, "is in the future");
      return std::nullopt;
    }
    if (*at < Timestamp{}) {
      refuse(field, "is before 1970");
      return std::nullopt;
    }
    return at;
  };
  auto submitted_at = date("submitted_at");
  out.closed_at = date("closed_at");
  // Without a submission date, a closed referral was at least submitted when it closed.
  out.submitted_at = submitted_at.value_or(out.closed_at.value_or(context.now));
  if (out.closed_at && stage_read) {
    if (!IsClosed(out.stage)) {
      refuse("closed_at", "can only be given for a referral that is won, lost or rejected (this one is " +
                              std::string(ToString(out.stage)) + ")");
    } else if (*out.closed_at < out.submitted_at) {
      refuse("closed_at", "is before submitted_at");
    }
  }

  if (issues.size() != issues_before) return std::nullopt;
  return out;
}

std::vector<ReferralEvent> ImportedHistory(const ReferralImportRow& row, bool uses_opportunity) {
  std::vector<ReferralStage> reached{ReferralStage::kSubmitted};
  if (row.stage != ReferralStage::kSubmitted) {
    auto path = PlanStageMove(ReferralStage::kSubmitted, row.stage, uses_opportunity);
    if (path.ok()) reached.insert(reached.end(), path->begin(), path->end());
  }
  auto entry = [](Timestamp at, std::optional<ReferralStage> from, std::vector<ReferralStage> stages) {
    ReferralEvent event;
    event.kind = ReferralEventKind::kImported;
    event.from_stage = from;
    event.to_stage = stages.back();
    event.at = at;
    event.reached = std::move(stages);
    return event;
  };
  std::vector<ReferralEvent> history;
  if (IsClosed(row.stage) && row.closed_at && *row.closed_at > row.submitted_at) {
    std::vector<ReferralStage> open(reached.begin(), reached.end() - 1);
    history.push_back(entry(row.submitted_at, std::nullopt, open));
    history.push_back(entry(*row.closed_at, open.back(), {row.stage}));
  } else {
    history.push_back(entry(row.submitted_at, std::nullopt, std::move(reached)));
  }
  if (row.stage == ReferralStage::kWon) history.back().deal_value_minor = row.deal_value_minor;
  return history;
}

std::vector<ReferralStage> RewardableStages(const std::vector<ReferralStage>& reached,
                                            const std::vector<ReferralEvent>& history) {
  std::vector<ReferralStage> out;
  for (ReferralStage stage : reached) {
    bool imported = std::any_of(history.begin(), history.end(), [&](const ReferralEvent& e) {
      return e.kind == ReferralEventKind::kImported &&
             std::find(e.reached.begin(), e.reached.end(), stage) != e.reached.end();
    });
    if (!imported) out.push_back(stage);
  }
  return out;
}

}  // namespace bb::domain
