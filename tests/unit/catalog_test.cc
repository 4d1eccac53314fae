// The rewards catalogue (domain/catalog.h): the research file's redemption vector (§5.3.3: cost
// 500, stock 1, one per person — the first redemption takes the stock, a second person's is
// backordered, the first person cannot redeem again, a cancel gives the stock back), trusted and
// untrusted advocates, items that refuse backorders, staff decisions and the moves they refuse,
// and items refused field by field.

#include "domain/catalog.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

const Timestamp kNow = *ParseTimestamp("2027-01-10T12:00:00Z");
const ProgramLanguage kWords;  // English, the defaults

CatalogItem Item(std::optional<std::int64_t> stock = 1, std::optional<std::int64_t> limit = 1) {
  CatalogItemInput input;
  input.name = "  Team hoodie ";
  input.cost_points = 500;
  input.set_stock = true;
  input.stock = stock;
  input.set_per_member_limit = true;
  input.per_member_limit = limit;
  input.approval = "auto";
  auto item = BuildCatalogItem(input, "cat_1", "prg_1", "USD", kNow);
  EXPECT_TRUE(item.ok());
  return *item;
}

RedeemFacts Facts(std::int64_t redeemable, std::int64_t taken = 0, bool trusted = true) {
  return {redeemable, taken, trusted};
}

TEST(CatalogTest, ResearchVectorStockLimitBackorderAndCancel) {
  CatalogItem item = Item();
  EXPECT_EQ(item.name, "Team hoodie");
  auto first = Redeem(item, "adv_a", Facts(800), "red_1", kNow, kWords);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, RedemptionStatus::kApproved) << "automatic approval for a trusted advocate";
  EXPECT_TRUE(first->from_stock);
  EXPECT_EQ(item.stock, 0);
  EXPECT_EQ(first->cost_points, 500);

  auto second = Redeem(item, "adv_b", Facts(500), "red_2", kNow, kWords);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, RedemptionStatus::kBackordered) << "out of stock: sent when restocked";
  EXPECT_FALSE(second->from_stock);

  auto again = Redeem(item, "adv_a", Facts(300, 1), "red_3", kNow, kWords);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(again.error().fields().front().field, "item_id");
  EXPECT_EQ(again.error().fields().front().message, "You have redeemed this the most times allowed");

  EXPECT_EQ(CancelRedemption(*first, item, "adv_a", kNow).error().code(), ErrorCode::kConflict)
      << "an approved one is staff's to reject";
  ASSERT_TRUE(RejectRedemption(*first, item, "Wrong size", "usr_1", kNow).ok());
  EXPECT_EQ(item.stock, 1) << "the hoodie is back in stock";
  ASSERT_TRUE(CancelRedemption(*second, item, "adv_b", kNow).ok());
  EXPECT_EQ(second->status, RedemptionStatus::kCancelled);
  EXPECT_EQ(item.stock, 1) << "a backorder took no stock";
}

TEST(CatalogTest, WhoWaitsAndWhyNot) {
  CatalogItem item = Item(std::nullopt, std::nullopt);
  auto untrusted = Redeem(item, "adv_a", Facts(500, 0, false), "red_1", kNow, kWords);
  ASSERT_TRUE(untrusted.ok());
  EXPECT_EQ(untrusted->status, RedemptionStatus::kRequested) << "someone who signed up themselves waits for staff";
  EXPECT_EQ(item.stock, std::nullopt) << "unlimited stays unlimited";
  EXPECT_TRUE(TrustedForCatalog(AdvocateSource::kImport));
  EXPECT_FALSE(TrustedForCatalog(AdvocateSource::kSelfSignup));
  EXPECT_EQ(WhyNotRedeemable(item, Facts(499), kWords), "You need 1 more points");
  EXPECT_EQ(WhyNotRedeemable(item, Facts(-200), kWords), "You need 500 more points") << "points owed count as none";
  item.cost_points = 1'234'567;
  EXPECT_EQ(WhyNotRedeemable(item, Facts(0), kWords), "You need 1,234,567 more points");
  item.cost_points = 500;
  EXPECT_EQ(WhyNotRedeemable(item, Facts(500), kWords), "");
  item.approval = CatalogApproval::kManual;
  EXPECT_EQ(Redeem(item, "adv_b", Facts(500), "red_2", kNow, kWords)->status, RedemptionStatus::kRequested);
  item.active = false;
  EXPECT_EQ(Redeem(item, "adv_b", Facts(500), "red_3", kNow, kWords).error().code(), ErrorCode::kConflict);
}

TEST(CatalogTest, AnItemThatRefusesBackordersIsRefusedWhenOut) {
  CatalogItem item = Item(0, std::nullopt);
  item.when_out = WhenOutOfStock::kRefuse;
  EXPECT_EQ(WhyNotRedeemable(item, Facts(500), kWords), "Out of stock");
  auto refused = Redeem(item, "adv_a", Facts(500), "red_1", kNow, kWords);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Redeem(item, "adv_a", Facts(10), "red_2", kNow, kWords).error().code(), ErrorCode::kInvalidArgument)
      << "not enough points is said first";
}

TEST(CatalogTest, StaffDecisionsFollowTheStatus) {
  CatalogItem item = Item(0, std::nullopt);
  auto backordered = Redeem(item, "adv_a", Facts(500), "red_1", kNow, kWords);
  ASSERT_TRUE(backordered.ok());
  auto still_out = ApproveRedemption(*backordered, item, "usr_1", kNow);
  EXPECT_EQ(still_out.error().code(), ErrorCode::kConflict) << "restock first";
  item.stock = 2;
  ASSERT_TRUE(ApproveRedemption(*backordered, item, "usr_1", kNow).ok());
  EXPECT_EQ(item.stock, 1);
  EXPECT_TRUE(backordered->from_stock);
  EXPECT_EQ(ApproveRedemption(*backordered, item, "usr_1", kNow).error().code(), ErrorCode::kConflict);
  ASSERT_TRUE(FulfillRedemption(*backordered, "HOODIE-42", "usr_1", kNow).ok());
  EXPECT_EQ(backordered->status, RedemptionStatus::kFulfilled);
  EXPECT_EQ(backordered->reference, "HOODIE-42");
  EXPECT_EQ(RejectRedemption(*backordered, item, "late", "usr_1", kNow).error().code(), ErrorCode::kConflict)
      << "what was sent is not taken back here";
  EXPECT_EQ(item.stock, 1);
}

TEST(CatalogTest, ItemsAreRefusedFieldByField) {
  CatalogItemInput bad;
  bad.name = "";
  bad.cost_points = 0;
  bad.set_stock = true;
  bad.stock = -1;
  bad.set_per_member_limit = true;
  bad.per_member_limit = 0;
  bad.approval = "sometimes";
  bad.when_out = "wait";
  auto refused = BuildCatalogItem(bad, "cat_1", "prg_1", "USD", kNow);
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const auto& f : refused.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"name", "cost_points", "stock", "per_member_limit", "approval", "when_out"}));
  EXPECT_FALSE(BuildCatalogItem({}, "cat_1", "prg_1", "USD", kNow).ok()) << "a name and a cost are required";

  CatalogItem item = Item();
  CatalogItemInput restock;
  restock.set_stock = true;
  restock.stock = std::nullopt;
  auto changed = ApplyCatalogItemChanges(item, restock, "USD", kNow + std::chrono::hours(1));
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(item.stock, std::nullopt) << "null: unlimited";
  EXPECT_FALSE(*ApplyCatalogItemChanges(item, restock, "USD", kNow)) << "the same again changes nothing";
}

}  // namespace
}  // namespace bb::domain
