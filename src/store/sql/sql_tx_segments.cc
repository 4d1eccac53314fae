// SqlTx: a program's segments, their own email templates, and the referrals by segment.

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kColumns =
    "id, program_id, name, description, position, filter_attributes, filter_tags, nps_classes, min_level, "
    "share_message, portal_headline, landing_headline, landing_intro, active, created_at, updated_at";

std::vector<std::string> ClassNames(const std::vector<domain::NpsClass>& classes) {
  std::vector<std::string> names;
  for (auto c : classes) names.emplace_back(domain::ToString(c));
  return names;
}

std::vector<domain::NpsClass> ParseClasses(const std::vector<std::string>& names) {
  std::vector<domain::NpsClass> classes;
  for (const auto& name : names) {
    if (auto c = domain::ParseNpsClass(name)) classes.push_back(*c);
  }
  return classes;
}

domain::ProgramSegment ReadSegment(const Statement& s) {
  domain::ProgramSegment g;
  g.id = s.Text(0);
  g.program_id = s.Text(1);
  g.name = s.Text(2);
  g.description = s.Text(3);
  g.position = s.Int(4);
  g.filter.attributes = DecodeSegmentAttributes(s.Text(5));
  g.filter.tags = DecodeStringList(s.Text(6));
  g.filter.nps_classes = ParseClasses(DecodeStringList(s.Text(7)));
  g.filter.min_level = s.Text(8);
  g.words.share_message = s.Text(9);
  g.words.portal_headline = s.Text(10);
  g.words.landing_headline = s.Text(11);
  g.words.landing_intro = s.Text(12);
  g.active = s.Int(13) != 0;
  g.created_at = FromMicros(s.Int(14));
  g.updated_at = FromMicros(s.Int(15));
  return g;
}

// Binds every column after program_id up to updated_at, in kColumns order.
void BindFields(Statement& s, const domain::ProgramSegment& g) {
  s.Bind(g.name).Bind(g.description).Bind(g.position).Bind(EncodeSegmentAttributes(g.filter.attributes));
  s.Bind(EncodeStringList(g.filter.tags)).Bind(EncodeStringList(ClassNames(g.filter.nps_classes)));
  s.Bind(g.filter.min_level).Bind(g.words.share_message).Bind(g.words.portal_headline);
  s.Bind(g.words.landing_headline).Bind(g.words.landing_intro).Bind(g.active);
}

constexpr std::string_view kTemplateColumns = "segment_id, kind, subject, body, updated_at, updated_by";

domain::SegmentEmailTemplate ReadTemplate(const Statement& s) {
  return {s.Text(0),
          domain::ParseEmailKind(s.Text(1)).value_or(domain::EmailKind::kWelcome),
          s.Text(2),
          s.Text(3),
          FromMicros(s.Int(4)),
          s.Text(5)};
}

domain::SegmentCohortRows::Amount ReadAmount(const Statement& s) { return {s.Text(0), s.Int(1)}; }

}  // namespace

Result<std::optional<domain::ProgramSegment>> SqlTx::FindSegment(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM segments WHERE id = ?");
  return QueryOne<domain::ProgramSegment>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadSegment);
}

Result<std::vector<domain::ProgramSegment>> SqlTx::ListSegments(std::string_view program_id, bool include_retired) {
  static const std::string sql =
      Sql("SELECT ", kColumns,
          " FROM segments WHERE program_id = ? AND (active = 1 OR ? = 1) ORDER BY active DESC, position, "
          "created_at DESC, id");
  return QueryAll<domain::ProgramSegment>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(include_retired); }, ReadSegment);
}

Result<std::optional<domain::SegmentEmailTemplate>> SqlTx::FindSegmentEmailTemplate(std::string_view segment_id,
                                                                                    domain::EmailKind kind) {
  static const std::string sql =
      Sql("SELECT ", kTemplateColumns, " FROM segment_email_templates WHERE segment_id = ? AND kind = ?");
  return QueryOne<domain::SegmentEmailTemplate>(
      db_, sql, [&](Statement& s) { s.Bind(segment_id).Bind(domain::ToString(kind)); }, ReadTemplate);
}

Result<std::vector<domain::SegmentEmailTemplate>> SqlTx::ListSegmentEmailTemplates(std::string_view segment_id) {
  static const std::string sql = Sql("SELECT ", kTemplateColumns, " FROM segment_email_templates WHERE segment_id = ?");
  BB_ASSIGN_OR_RETURN(auto rows, QueryAll<domain::SegmentEmailTemplate>(
                                     db_, sql, [&](Statement& s) { s.Bind(segment_id); }, ReadTemplate));
  std::vector<domain::SegmentEmailTemplate> ordered;
  for (auto kind : domain::AllEmailKinds()) {
    for (auto& row : rows) {
      if (row.kind == kind) ordered.push_back(std::move(row));
    }
  }
  return ordered;
}

Result<domain::SegmentCohortRows> SqlTx::ReadSegmentCohort(std::string_view program_id, Timestamp from,
                                                           Timestamp before) {
  // Each query reads the program's referrals of the range through referrals_program.
  static const std::string outcomes =
      Sql("SELECT r.segment_id, r.stage, CASE WHEN r.review_status = 'clear' THEN 1 ELSE 0 END, CASE WHEN ",
          EverReached("qualified"),
          " THEN 1 ELSE 0 END, COUNT(*) FROM referrals r WHERE r.program_id = ? AND r.created_at >= ? AND "
          "r.created_at < ? GROUP BY 1, 2, 3, 4");
  static const std::string advocates =
      "SELECT r.segment_id, COUNT(DISTINCT r.advocate_id) FROM referrals r WHERE r.program_id = ? AND "
      "r.created_at >= ? AND r.created_at < ? GROUP BY 1";
  static const std::string revenue =
      Sql("SELECT r.segment_id, r.deal_value_minor FROM referrals r JOIN programs p ON p.id = r.program_id WHERE "
          "r.program_id = ? AND r.created_at >= ? AND r.created_at < ? AND ",
          kWin, " AND r.deal_value_minor IS NOT NULL AND ", kDealCurrency, " = p.currency");
  static const std::string cost =
      "SELECT r.segment_id, w.amount_minor FROM referrals r JOIN programs p ON p.id = r.program_id JOIN rewards w "
      "ON w.referral_id = r.id WHERE r.program_id = ? AND r.created_at >= ? AND r.created_at < ? AND w.status <> "
      "'reversed' AND w.currency = p.currency";
  auto bind = [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(from)).Bind(ToMicros(before)); };
  domain::SegmentCohortRows rows;
  BB_ASSIGN_OR_RETURN(
      rows.outcomes, QueryAll<domain::SegmentCohortRows::Outcome>(db_, outcomes, bind, [](const Statement& s) {
        return domain::SegmentCohortRows::Outcome{
            s.Text(0), domain::ParseReferralStage(s.Text(1)).value_or(domain::ReferralStage::kSubmitted), s.Int(2) != 0,
            s.Int(3) != 0, s.Int(4)};
      }));
  BB_ASSIGN_OR_RETURN(rows.advocates,
                      QueryAll<domain::SegmentCohortRows::Advocates>(db_, advocates, bind, [](const Statement& s) {
                        return domain::SegmentCohortRows::Advocates{s.Text(0), s.Int(1)};
                      }));
  BB_ASSIGN_OR_RETURN(rows.revenue, QueryAll<domain::SegmentCohortRows::Amount>(db_, revenue, bind, ReadAmount));
  BB_ASSIGN_OR_RETURN(rows.reward_cost, QueryAll<domain::SegmentCohortRows::Amount>(db_, cost, bind, ReadAmount));
  return rows;
}

Status SqlTx::InsertSegment(const domain::ProgramSegment& g) {
  static const std::string sql = Sql("INSERT INTO segments (", kColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(g.id).Bind(g.program_id);
  BindFields(s, g);
  s.Bind(ToMicros(g.created_at)).Bind(ToMicros(g.updated_at));
  return RunUnique(s, "id");
}

Status SqlTx::UpdateSegment(const domain::ProgramSegment& g) {
  static const std::string sql =
      "UPDATE segments SET name = ?, description = ?, position = ?, filter_attributes = ?, filter_tags = ?, "
      "nps_classes = ?, min_level = ?, share_message = ?, portal_headline = ?, landing_headline = ?, "
      "landing_intro = ?, active = ?, updated_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BindFields(s, g);
  s.Bind(ToMicros(g.updated_at)).Bind(g.id);
  return s.Run();
}

Status SqlTx::PutSegmentEmailTemplate(const domain::SegmentEmailTemplate& t) {
  static const std::string sql =
      Sql("INSERT INTO segment_email_templates (", kTemplateColumns,
          ") VALUES (?,?,?,?,?,?) ON CONFLICT (segment_id, kind) DO UPDATE SET subject = excluded.subject, "
          "body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(t.segment_id).Bind(domain::ToString(t.kind)).Bind(t.subject).Bind(t.body);
  s.Bind(ToMicros(t.updated_at)).Bind(t.updated_by);
  return s.Run();
}

Result<bool> SqlTx::DeleteSegmentEmailTemplate(std::string_view segment_id, domain::EmailKind kind) {
  static const std::string sql = "DELETE FROM segment_email_templates WHERE segment_id = ? AND kind = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(segment_id).Bind(domain::ToString(kind));
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

}  // namespace bb::store::sql
