// SqlTx: referrals, their history, and the count of an advocate's wins.

#include <algorithm>
#include <array>
#include <string>

#include "domain/contact.h"
#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

using domain::Referral;
using domain::ReferralEvent;

constexpr std::string_view kReferralColumns =
    "id, program_id, advocate_id, code, first_touch_code, source, submitted_by, channel, referee_email, "
    "referee_email_key, referee_email_domain, referee_first_name, referee_last_name, referee_company, referee_title, "
    "referee_phone, product, note, visitor_id, ip_hash, stage, review_status, review_reasons, deal_value_minor, "
    "external_id, created_at, updated_at, advocate_profile, deal_currency, segment_id";

// Enum lists as stored: names separated by commas ("" for none); unknown names are skipped.
template <class Enum>
std::string JoinNames(const std::vector<Enum>& values) {
  std::string out;
  for (auto value : values) {
    if (!out.empty()) out += ',';
    out += domain::ToString(value);
  }
  return out;
}

template <class Enum>
std::vector<Enum> SplitNames(std::string_view text, std::optional<Enum> (*parse)(std::string_view)) {
  std::vector<Enum> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (auto value = parse(text.substr(0, comma))) out.push_back(*value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

Referral ReadReferral(const Statement& s) {
  Referral r;
  r.id = s.Text(0);
  r.program_id = s.Text(1);
  r.advocate_id = s.Text(2);
  r.code = s.Text(3);
  r.first_touch_code = s.Text(4);
  r.source = domain::ParseReferralSource(s.Text(5)).value_or(domain::ReferralSource::kApi);
  r.submitted_by = s.Text(6);
  r.channel = s.Text(7);
  r.referee.email = s.Text(8);
  r.referee.email_key = s.Text(9);
  r.referee.email_domain = s.Text(10);
  r.referee.first_name = s.Text(11);
  r.referee.last_name = s.Text(12);
  r.referee.company = s.Text(13);
  r.referee.title = s.Text(14);
  r.referee.phone = s.Text(15);
  r.product = s.Text(16);
  r.note = s.Text(17);
  r.visitor_id = s.Text(18);
  r.ip_hash = s.Text(19);
  r.stage = domain::ParseReferralStage(s.Text(20)).value_or(domain::ReferralStage::kSubmitted);
  r.review_status = domain::ParseReviewStatus(s.Text(21)).value_or(domain::ReviewStatus::kHeld);
  r.review_reasons = SplitNames(s.Text(22), domain::ParseReviewReason);
  if (!s.IsNull(23)) r.deal_value_minor = s.Int(23);
  r.external_id = s.Text(24);
  r.created_at = FromMicros(s.Int(25));
  r.updated_at = FromMicros(s.Int(26));
  r.advocate_profile = DecodeProfile(s.Text(27));
  r.deal_currency = s.Text(28);
  r.segment_id = s.Text(29);
  return r;
}

constexpr std::string_view kEventColumns =
    "id, referral_id, kind, from_stage, to_stage, actor, note, at, reached, deal_value_minor, reverses";

// The event whose columns (kEventColumns) start at `first`.
ReferralEvent ReadEvent(const Statement& s, int first = 0) {
  ReferralEvent e;
  e.id = s.Text(first);
  e.referral_id = s.Text(first + 1);
  e.kind = domain::ParseReferralEventKind(s.Text(first + 2)).value_or(domain::ReferralEventKind::kSubmitted);
  if (!s.IsNull(first + 3)) e.from_stage = domain::ParseReferralStage(s.Text(first + 3));
  if (!s.IsNull(first + 4)) e.to_stage = domain::ParseReferralStage(s.Text(first + 4));
  e.actor = s.Text(first + 5);
  e.note = s.Text(first + 6);
  e.at = FromMicros(s.Int(first + 7));
  e.reached = SplitNames(s.Text(first + 8), domain::ParseReferralStage);
  if (!s.IsNull(first + 9)) e.deal_value_minor = s.Int(first + 9);
  e.reverses = s.Int(first + 10) != 0;
  return e;
}

// Runs `sql`, a COUNT(*) with two parameters: a key and an instant.
Result<std::int64_t> CountSince(Connection& db, const std::string& sql, std::string_view key, Timestamp since) {
  BB_ASSIGN_OR_RETURN(auto count, QueryOne<std::int64_t>(
                                      db, sql, [&](Statement& s) { s.Bind(key).Bind(ToMicros(since)); },
                                      [](const Statement& s) { return s.Int(0); }));
  return count.value_or(0);
}

}  // namespace

Result<std::optional<Referral>> SqlTx::FindReferral(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kReferralColumns, " FROM referrals WHERE id = ?");
  return QueryOne<Referral>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadReferral);
}

Result<std::vector<Referral>> SqlTx::ListReferrals(const ReferralQuery& query) {
  Filters filters;
  filters.When("program_id = ?", query.program_id).When("advocate_id = ?", query.advocate_id);
  filters.When("stage = ?", query.stage ? domain::ToString(*query.stage) : "");
  filters.When("review_status = ?", query.review_status ? domain::ToString(*query.review_status) : "");
  filters.WhenTrue("review_status <> 'clear' AND stage NOT IN ('lost', 'rejected')", query.under_review);
  filters.When("advocate_id IN (SELECT id FROM advocates WHERE enrolled_by = ?)", query.enrolled_by);
  filters.When("id < ?", query.before_id);
  return QueryAll<Referral>(
      db_, Sql("SELECT ", kReferralColumns, " FROM referrals", filters.Where(), " ORDER BY id DESC LIMIT ?"),
      [&](Statement& s) {
        filters.Bind(s);
        s.Bind(query.limit);
      },
      ReadReferral);
}

Result<std::vector<ReferralEvent>> SqlTx::ListReferralEvents(std::string_view referral_id) {
  static const std::string sql =
      Sql("SELECT ", kEventColumns, " FROM referral_events WHERE referral_id = ? ORDER BY at, rowid");
  return QueryAll<ReferralEvent>(
      db_, sql, [&](Statement& s) { s.Bind(referral_id); }, [](const Statement& s) { return ReadEvent(s); });
}

Result<std::vector<Referral>> SqlTx::ListReferralsCreatedBy(std::string_view program_id, Timestamp as_of) {
  static const std::string sql =
      Sql("SELECT ", kReferralColumns, " FROM referrals WHERE program_id = ? AND created_at <= ? ORDER BY id");
  return QueryAll<Referral>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)); }, ReadReferral);
}

Result<std::vector<ReferralStageChange>> SqlTx::ListReferralStageChanges(std::string_view program_id, Timestamp as_of) {
  static const std::string sql =
      "SELECT e.referral_id, e.to_stage, e.at FROM referral_events e JOIN referrals r ON r.id = e.referral_id "
      "WHERE r.program_id = ? AND e.to_stage IS NOT NULL AND e.at <= ? ORDER BY e.referral_id, e.at, e.rowid";
  return QueryAll<ReferralStageChange>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)); },
      [](const Statement& s) {
        return ReferralStageChange{s.Text(0),
                                   domain::ParseReferralStage(s.Text(1)).value_or(domain::ReferralStage::kSubmitted),
                                   FromMicros(s.Int(2))};
      });
}

Result<std::vector<ReferralEvent>> SqlTx::ListProgramReferralHistories(std::string_view program_id) {
  static const std::string sql =
      "SELECT e.id, e.referral_id, e.kind, e.from_stage, e.to_stage, e.actor, e.note, e.at, e.reached, "
      "e.deal_value_minor, e.reverses FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE "
      "r.program_id = ? ORDER BY e.referral_id, e.at, e.rowid";
  return QueryAll<ReferralEvent>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, [](const Statement& s) { return ReadEvent(s); });
}

Result<std::vector<SequencedReferralEvent>> SqlTx::ListProgramReferralEvents(std::string_view program_id,
                                                                             std::int64_t after_sequence, int limit) {
  static const std::string sql =
      "SELECT e.rowid, e.id, e.referral_id, e.kind, e.from_stage, e.to_stage, e.actor, e.note, e.at, e.reached, "
      "e.deal_value_minor, e.reverses FROM "
      "referral_events e JOIN referrals r ON r.id = e.referral_id WHERE r.program_id = ? AND e.rowid > ? ORDER BY "
      "e.rowid LIMIT ?";
  return QueryAll<SequencedReferralEvent>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(after_sequence).Bind(limit); },
      [](const Statement& s) {
        return SequencedReferralEvent{s.Int(0), ReadEvent(s, 1)};
      });
}

Result<std::vector<Referral>> SqlTx::ListReferralsByReferee(std::string_view program_id, std::string_view email_key,
                                                            std::string_view phone, Timestamp since, int limit) {
  // The phone half repeats the partial index's WHERE term (referee_phone <> '') so that it is used.
  static const std::string sql =
      Sql("SELECT ", kReferralColumns, " FROM referrals WHERE program_id = ?1 AND referee_email_key = ?2 AND ",
          "created_at >= ?4 UNION SELECT ", kReferralColumns, " FROM referrals WHERE program_id = ?1 AND ",
          "referee_phone = ?3 AND referee_phone <> '' AND created_at >= ?4 ORDER BY created_at DESC, id DESC LIMIT ?5");
  return QueryAll<Referral>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(email_key).Bind(phone).Bind(ToMicros(since)).Bind(limit); },
      ReadReferral);
}

Result<std::vector<Referral>> SqlTx::ListDealTouches(const DealTouchQuery& query) {
  // Each half repeats its index's terms so that it is used; the halves are merged here. The
  // filter comes before the limit. The texts are built once, one per DealTouchQuery::Only. The
  // account half is read in pages after (created_at, id): the rows of a registrable domain include
  // free email hosts below it (Apple's relay below appleid.com), which are no one's account and
  // must not count towards the limit.
  struct Texts {
    std::string by_deal, by_account;
  };
  static const std::array<Texts, 4> texts = [] {
    const std::array<std::string_view, 4> only = {
        "", " AND review_status = 'clear' AND stage NOT IN ('won', 'rejected')",
        " AND review_status = 'clear' AND stage IN ('submitted', 'qualified', 'opportunity')",
        " AND review_status = 'clear' AND stage = 'won'"};
    const std::string limit = std::to_string(kMaxDealTouches);
    std::array<Texts, 4> out;
    for (std::size_t i = 0; i < only.size(); ++i) {
      out[i].by_deal = Sql("SELECT ", kReferralColumns,
                           " FROM referrals WHERE program_id = ? AND external_id = ? AND external_id <> ''", only[i],
                           " ORDER BY created_at, id LIMIT ", limit);
      out[i].by_account = Sql("SELECT ", kReferralColumns,
                              " FROM referrals WHERE program_id = ? AND referee_email_domain = ? AND created_at >= ?",
                              " AND (created_at > ? OR (created_at = ? AND id > ?))", only[i],
                              " ORDER BY created_at, id LIMIT ", limit);
    }
    return out;
  }();
  const std::string& by_deal = texts[static_cast<std::size_t>(query.only)].by_deal;
  const std::string& by_account = texts[static_cast<std::size_t>(query.only)].by_account;
  std::vector<Referral> touches;
  if (!query.external_id.empty()) {
    BB_ASSIGN_OR_RETURN(
        touches,
        QueryAll<Referral>(
            db_, by_deal, [&](Statement& s) { s.Bind(query.program_id).Bind(query.external_id); }, ReadReferral));
  }
  if (!query.email_domain.empty()) {
    std::size_t of_account = 0;
    std::int64_t after_at = ToMicros(query.since);
    std::string after_id;
    while (of_account < kMaxDealTouches) {
      BB_ASSIGN_OR_RETURN(auto page, QueryAll<Referral>(
                                         db_, by_account,
                                         [&](Statement& s) {
                                           s.Bind(query.program_id)
                                               .Bind(query.email_domain)
                                               .Bind(ToMicros(query.since))
                                               .Bind(after_at)
                                               .Bind(after_at)
                                               .Bind(after_id);
                                         },
                                         ReadReferral));
      const bool last_page = page.size() < kMaxDealTouches;
      if (!page.empty()) {
        after_at = ToMicros(page.back().created_at);
        after_id = page.back().id;
      }
      for (auto& referral : page) {
        if (of_account == kMaxDealTouches) break;
        if (domain::CompanyDomain(referral.referee.email, referral.referee.email_domain) != query.email_domain) {
          continue;
        }
        ++of_account;
        if (std::ranges::find(touches, referral.id, &Referral::id) == touches.end())
          touches.push_back(std::move(referral));
      }
      if (last_page) break;
    }
  }
  std::ranges::sort(touches, [](const Referral& a, const Referral& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return touches;
}

Result<std::int64_t> SqlTx::CountReferralsByAdvocateSince(std::string_view advocate_id, Timestamp since) {
  // Imported referrals are history, not the advocate's recent activity.
  static const std::string sql =
      "SELECT COUNT(*) FROM referrals WHERE advocate_id = ? AND created_at >= ? AND source <> 'import'";
  return CountSince(db_, sql, advocate_id, since);
}

Result<std::int64_t> SqlTx::CountReferralsByIpHashSince(std::string_view ip_hash, Timestamp since) {
  static const std::string sql = "SELECT COUNT(*) FROM referrals WHERE ip_hash = ? AND created_at >= ?";
  return CountSince(db_, sql, ip_hash, since);
}

Status SqlTx::InsertReferral(const Referral& r) {
  static const std::string sql = Sql("INSERT INTO referrals (", kReferralColumns,
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id).Bind(r.program_id).Bind(r.advocate_id).Bind(r.code).Bind(r.first_touch_code);
  s.Bind(domain::ToString(r.source)).Bind(r.submitted_by).Bind(r.channel);
  s.Bind(r.referee.email).Bind(r.referee.email_key).Bind(r.referee.email_domain).Bind(r.referee.first_name);
  s.Bind(r.referee.last_name).Bind(r.referee.company).Bind(r.referee.title).Bind(r.referee.phone);
  s.Bind(r.product).Bind(r.note).Bind(r.visitor_id).Bind(r.ip_hash).Bind(domain::ToString(r.stage));
  s.Bind(domain::ToString(r.review_status)).Bind(JoinNames(r.review_reasons)).Bind(r.deal_value_minor);
  s.Bind(r.external_id).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.updated_at));
  s.Bind(EncodeProfile(r.advocate_profile)).Bind(r.deal_currency).Bind(r.segment_id);
  BB_RETURN_IF_ERROR(RunUnique(s, "id"));
  BB_ASSIGN_OR_RETURN(auto facts, LoadReferralFacts(db_, r.id));
  if (facts) BB_RETURN_IF_ERROR(ApplyReferralChange(db_, std::nullopt, *facts));
  // The advocate's referral count (store/connectors.h, ListCrmAdvocates) changed. This update
  // cannot be refused: only a storage failure stops it, and that abandons the transaction.
  static const std::string touch = "UPDATE advocates SET activity_at = ? WHERE id = ? AND activity_at < ?";
  BB_ASSIGN_OR_RETURN(Statement t, db_.Prepare(touch));
  t.Bind(ToMicros(r.updated_at)).Bind(r.advocate_id).Bind(ToMicros(r.updated_at));
  return t.Run();
}

Status SqlTx::UpdateReferral(const Referral& r) {
  static const std::string sql =
      "UPDATE referrals SET stage = ?, review_status = ?, review_reasons = ?, deal_value_minor = ?, deal_currency = ?, "
      "external_id = ?, updated_at = ? WHERE id = ?";
  // The advocate's referral count (store/connectors.h, ListCrmAdvocates) changes with the review
  // status. Neither statement can be refused (no key changes): only a storage failure stops them,
  // and that abandons the transaction.
  static const std::string touch =
      "UPDATE advocates SET activity_at = ? WHERE id = (SELECT advocate_id FROM referrals WHERE id = ? AND "
      "review_status <> ?) AND activity_at < ?";
  {
    BB_ASSIGN_OR_RETURN(Statement t, db_.Prepare(touch));
    t.Bind(ToMicros(r.updated_at)).Bind(r.id).Bind(domain::ToString(r.review_status)).Bind(ToMicros(r.updated_at));
    BB_RETURN_IF_ERROR(t.Run());
  }
  BB_ASSIGN_OR_RETURN(auto before, LoadReferralFacts(db_, r.id));
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(r.stage)).Bind(domain::ToString(r.review_status)).Bind(JoinNames(r.review_reasons));
  s.Bind(r.deal_value_minor).Bind(r.deal_currency).Bind(r.external_id).Bind(ToMicros(r.updated_at)).Bind(r.id);
  BB_RETURN_IF_ERROR(s.Run());
  if (!before) return Ok();
  // What the summaries see of the change (as LoadReferralFacts would read it back).
  domain::ReferralFacts after = *before;
  after.win = r.stage == domain::ReferralStage::kWon && r.review_status == domain::ReviewStatus::kClear;
  after.deal_value_minor = r.deal_value_minor;
  after.deal_currency = r.deal_currency.empty() ? before->program_currency : r.deal_currency;
  return ApplyReferralChange(db_, before, after);
}

Status SqlTx::InsertReferralEvent(const ReferralEvent& e) {
  static const std::string sql =
      Sql("INSERT INTO referral_events (", kEventColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.referral_id).Bind(domain::ToString(e.kind)).Bind(StageName(e.from_stage));
  s.Bind(StageName(e.to_stage)).Bind(e.actor).Bind(e.note).Bind(ToMicros(e.at)).Bind(JoinNames(e.reached));
  s.Bind(e.deal_value_minor).Bind(e.reverses);
  BB_ASSIGN_OR_RETURN(auto before, LoadReferralFacts(db_, e.referral_id));
  BB_RETURN_IF_ERROR(RunUnique(s, "id"));
  if (!before) return Ok();
  // The first entry that reached qualified, and won, as LoadReferralFacts would read them back.
  domain::ReferralFacts after = *before;
  auto earliest = [&](std::optional<Timestamp>& first, domain::ReferralStage stage) {
    if (std::find(e.reached.begin(), e.reached.end(), stage) == e.reached.end()) return;
    if (!first || e.at < *first) first = e.at;
  };
  earliest(after.first_qualified_at, domain::ReferralStage::kQualified);
  earliest(after.won_at, domain::ReferralStage::kWon);
  return ApplyReferralChange(db_, before, after);
}

Result<std::int64_t> SqlTx::CountWonClearReferrals(std::string_view advocate_id) {
  // A win Bluebird counted is a stage move that reached won. A referral imported as won is history
  // (domain/referral_import.h), and one won through its account has no win of its own
  // (domain/account_credit.h); either counts once its own deal is won.
  static const std::string sql =
      "SELECT COUNT(*) FROM referrals r WHERE r.advocate_id = ? AND r.stage = 'won' AND r.review_status = 'clear' "
      "AND EXISTS (SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND "
      "e.kind = 'stage_moved' AND instr(',' || e.reached || ',', ',won,') > 0)";
  BB_ASSIGN_OR_RETURN(auto count, QueryOne<std::int64_t>(
                                      db_, sql, [&](Statement& s) { s.Bind(advocate_id); },
                                      [](const Statement& s) { return s.Int(0); }));
  return count.value_or(0);
}

Result<std::optional<WinCount>> SqlTx::FindWinCount(std::string_view referral_id) {
  // A win counts at the later of the move that reached won and the clearing, if it was held. A
  // referral with no such move has no win of its own (imported as won, or won only through its
  // account), whatever its clearing.
  static const std::string sql =
      "WITH counted AS ("
      " SELECT r.id AS referral_id,"
      "  (SELECT e.rowid FROM referral_events e WHERE e.referral_id = r.id AND (e.kind = 'review_cleared' OR"
      "    (e.kind = 'stage_moved' AND instr(',' || e.reached || ',', ',won,') > 0)) ORDER BY e.rowid DESC LIMIT 1)"
      "   AS seq"
      " FROM referrals r WHERE r.advocate_id = (SELECT advocate_id FROM referrals WHERE id = ?1)"
      "  AND r.stage = 'won' AND r.review_status = 'clear' AND EXISTS (SELECT 1 FROM referral_events w WHERE"
      "  w.referral_id = r.id AND w.kind = 'stage_moved' AND instr(',' || w.reached || ',', ',won,') > 0))"
      " SELECT (SELECT COUNT(*) FROM counted c WHERE c.seq <= mine.seq),"
      "  e.at, e.id"
      " FROM counted mine JOIN referral_events e ON e.rowid = mine.seq WHERE mine.referral_id = ?1";
  return QueryOne<WinCount>(
      db_, sql, [&](Statement& s) { s.Bind(referral_id); },
      [](const Statement& s) {
        return WinCount{s.Int(0), FromMicros(s.Int(1)), s.Text(2)};
      });
}

}  // namespace bb::store::sql
