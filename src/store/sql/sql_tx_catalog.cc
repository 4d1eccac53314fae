// SqlTx: the rewards catalogue (store/catalog.h, domain/catalog.h).

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kItemColumns =
    "id, program_id, name, description, cost_points, stock, per_member_limit, approval, when_out, active, created_at, "
    "updated_at, reward_kind, reward_amount_minor, reward_currency";
constexpr std::string_view kRedemptionColumns =
    "id, program_id, advocate_id, item_id, item_name, cost_points, status, from_stock, reference, note, created_at, "
    "updated_at, decided_by, reward_kind, reward_amount_minor, reward_currency, reward_id";

// The reward columns (kind, amount, currency) from column `first` on: none when the kind is null.
std::optional<domain::CatalogReward> ReadReward(const Statement& s, int first) {
  if (s.IsNull(first)) return std::nullopt;
  return domain::CatalogReward{domain::ParseRewardKind(s.Text(first)).value_or(domain::RewardKind::kCustom),
                               s.Int(first + 1), s.Text(first + 2)};
}

void BindReward(Statement& s, const std::optional<domain::CatalogReward>& reward) {
  if (!reward) {
    s.BindNull().BindNull().BindNull();
    return;
  }
  s.Bind(domain::ToString(reward->kind)).Bind(reward->amount_minor).Bind(reward->currency);
}

domain::CatalogItem ReadItem(const Statement& s) {
  domain::CatalogItem i;
  i.id = s.Text(0);
  i.program_id = s.Text(1);
  i.name = s.Text(2);
  i.description = s.Text(3);
  i.cost_points = s.Int(4);
  i.stock = OptionalInt(s, 5);
  i.per_member_limit = OptionalInt(s, 6);
  i.approval = domain::ParseCatalogApproval(s.Text(7)).value_or(domain::CatalogApproval::kManual);
  i.when_out = domain::ParseWhenOutOfStock(s.Text(8)).value_or(domain::WhenOutOfStock::kBackorder);
  i.active = s.Int(9) != 0;
  i.created_at = FromMicros(s.Int(10));
  i.updated_at = FromMicros(s.Int(11));
  i.reward = ReadReward(s, 12);
  return i;
}

domain::Redemption ReadRedemption(const Statement& s) {
  domain::Redemption r;
  r.id = s.Text(0);
  r.program_id = s.Text(1);
  r.advocate_id = s.Text(2);
  r.item_id = s.Text(3);
  r.item_name = s.Text(4);
  r.cost_points = s.Int(5);
  r.status = domain::ParseRedemptionStatus(s.Text(6)).value_or(domain::RedemptionStatus::kRequested);
  r.from_stock = s.Int(7) != 0;
  r.reference = s.Text(8);
  r.note = s.Text(9);
  r.created_at = FromMicros(s.Int(10));
  r.updated_at = FromMicros(s.Int(11));
  r.decided_by = s.Text(12);
  r.reward = ReadReward(s, 13);
  r.reward_id = s.Text(16);
  return r;
}

}  // namespace

Result<std::vector<domain::CatalogItem>> SqlTx::ListCatalogItems(std::string_view program_id, bool include_retired) {
  static const std::string all = Sql("SELECT ", kItemColumns, " FROM catalog_items WHERE program_id = ? ORDER BY id");
  static const std::string active =
      Sql("SELECT ", kItemColumns, " FROM catalog_items WHERE program_id = ? AND active = 1 ORDER BY id");
  return QueryAll<domain::CatalogItem>(
      db_, include_retired ? all : active, [&](Statement& s) { s.Bind(program_id); }, ReadItem);
}

Result<std::optional<domain::CatalogItem>> SqlTx::FindCatalogItem(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kItemColumns, " FROM catalog_items WHERE id = ?");
  return QueryOne<domain::CatalogItem>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadItem);
}

Result<std::int64_t> SqlTx::CountLiveRedemptions(std::string_view item_id, std::string_view advocate_id) {
  Filters filters;
  filters.When("item_id = ?", item_id);
  filters.When("advocate_id = ?", advocate_id);
  filters.WhenTrue("status NOT IN ('rejected', 'cancelled')", true);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT COUNT(*) FROM redemptions", filters.Where())));
  filters.Bind(s);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<std::int64_t> SqlTx::CountBackorders(std::string_view item_id) {
  BB_ASSIGN_OR_RETURN(Statement s,
                      db_.Prepare("SELECT COUNT(*) FROM redemptions WHERE item_id = ? AND status = 'backordered'"));
  s.Bind(item_id);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<std::optional<domain::Redemption>> SqlTx::FindRedemption(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kRedemptionColumns, " FROM redemptions WHERE id = ?");
  return QueryOne<domain::Redemption>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadRedemption);
}

Result<std::vector<domain::Redemption>> SqlTx::ListRedemptions(const RedemptionQuery& query) {
  Filters filters;
  filters.When("program_id = ?", query.program_id);
  filters.When("advocate_id = ?", query.advocate_id);
  filters.When("status = ?", query.status ? domain::ToString(*query.status) : std::string_view());
  filters.When("advocate_id IN (SELECT id FROM advocates WHERE enrolled_by = ?)", query.enrolled_by);
  filters.When("id < ?", query.before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kRedemptionColumns, " FROM redemptions", filters.Where(),
                                                   " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(query.limit);
  std::vector<domain::Redemption> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadRedemption(s));
  }
  return out;
}

Status SqlTx::InsertCatalogItem(const domain::CatalogItem& i) {
  static const std::string sql =
      Sql("INSERT INTO catalog_items (", kItemColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(i.id).Bind(i.program_id).Bind(i.name).Bind(i.description).Bind(i.cost_points);
  s.Bind(i.stock).Bind(i.per_member_limit);
  s.Bind(domain::ToString(i.approval)).Bind(domain::ToString(i.when_out)).Bind(i.active);
  s.Bind(ToMicros(i.created_at)).Bind(ToMicros(i.updated_at));
  BindReward(s, i.reward);
  return RunUnique(s, "id");
}

Status SqlTx::UpdateCatalogItem(const domain::CatalogItem& i) {
  static const std::string sql =
      "UPDATE catalog_items SET name = ?, description = ?, cost_points = ?, stock = ?, per_member_limit = ?, "
      "approval = ?, when_out = ?, active = ?, updated_at = ?, reward_kind = ?, reward_amount_minor = ?, "
      "reward_currency = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(i.name).Bind(i.description).Bind(i.cost_points);
  s.Bind(i.stock).Bind(i.per_member_limit);
  s.Bind(domain::ToString(i.approval)).Bind(domain::ToString(i.when_out)).Bind(i.active);
  s.Bind(ToMicros(i.updated_at));
  BindReward(s, i.reward);
  s.Bind(i.id);
  return s.Run();
}

Status SqlTx::InsertRedemption(const domain::Redemption& r) {
  static const std::string sql =
      Sql("INSERT INTO redemptions (", kRedemptionColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id).Bind(r.program_id).Bind(r.advocate_id).Bind(r.item_id).Bind(r.item_name).Bind(r.cost_points);
  s.Bind(domain::ToString(r.status)).Bind(r.from_stock).Bind(r.reference).Bind(r.note);
  s.Bind(ToMicros(r.created_at)).Bind(ToMicros(r.updated_at)).Bind(r.decided_by);
  BindReward(s, r.reward);
  s.Bind(r.reward_id);
  return RunUnique(s, "id");
}

Status SqlTx::UpdateRedemption(const domain::Redemption& r) {
  static const std::string sql =
      "UPDATE redemptions SET status = ?, from_stock = ?, reference = ?, note = ?, updated_at = ?, decided_by = ? "
      "WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(r.status)).Bind(r.from_stock).Bind(r.reference).Bind(r.note);
  s.Bind(ToMicros(r.updated_at)).Bind(r.decided_by).Bind(r.id);
  return s.Run();
}

}  // namespace bb::store::sql
