// The rewards catalogue (store/catalog.h) on every backend: items come back whole (an unlimited
// stock and limit as none), retired ones only when asked, changed in place; redemptions come back
// whole, are counted per item and per advocate without the rejected and cancelled ones, listed
// newest first by program, advocate, status and the staff member who enrolled the advocate, and
// changed in place. An item's reward and a redemption's (with its ledger entry's id) come back
// whole; the ledger entry paying a redemption has no referral and no rule, reads back with its
// redemption, is listed by entry kind, and is written once per redemption.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/ids.h"
#include "domain/redemption_reward.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class CatalogConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("north");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(program_, MakePerson("bob"));
    bob_.enrolled_by = "usr_rep";
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_, bob_}));
  }

  domain::CatalogItem Item(const char* name, std::optional<std::int64_t> stock, bool active = true) {
    domain::CatalogItem i;
    i.id = NewId(domain::kCatalogItemPrefix, At("2027-01-01T00:00:00Z"));
    i.program_id = program_.id;
    i.name = name;
    i.description = "Soft, \"warm\" — ✓";
    i.cost_points = 500;
    i.stock = stock;
    i.per_member_limit = stock ? std::optional<std::int64_t>(1) : std::nullopt;
    i.approval = domain::CatalogApproval::kAuto;
    i.when_out = domain::WhenOutOfStock::kRefuse;
    i.active = active;
    i.created_at = i.updated_at = At("2027-01-01T00:00:00Z");
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertCatalogItem(i); }).ok());
    return i;
  }

  domain::Redemption Redeemed(const domain::CatalogItem& item, const domain::Advocate& who,
                              domain::RedemptionStatus status, const char* at) {
    domain::Redemption r;
    r.id = NewId(domain::kRedemptionPrefix, At(at));
    r.program_id = program_.id;
    r.advocate_id = who.id;
    r.item_id = item.id;
    r.item_name = item.name;
    r.cost_points = item.cost_points;
    r.status = status;
    r.from_stock = true;
    r.created_at = r.updated_at = At(at);
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertRedemption(r); }).ok());
    return r;
  }

  domain::Program program_;
  domain::Advocate ada_, bob_;
};

TEST_P(CatalogConformanceTest, ItemsRoundTripAndRetiredOnesOnlyWhenAsked) {
  auto hoodie = Item("Hoodie", 3);
  auto sticker = Item("Sticker", std::nullopt);
  auto old = Item("Old mug", 0, false);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCatalogItem(hoodie.id); }), hoodie);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCatalogItem(sticker.id); }), sticker) << "unlimited: none";
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListCatalogItems(program_.id, false); })),
            (std::vector<std::string>{hoodie.id, sticker.id}));
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListCatalogItems(program_.id, true); })),
            (std::vector<std::string>{hoodie.id, sticker.id, old.id}));
  hoodie.stock = std::nullopt;
  hoodie.per_member_limit = 2;
  hoodie.name = "Hoodie (navy)";
  hoodie.approval = domain::CatalogApproval::kManual;
  hoodie.when_out = domain::WhenOutOfStock::kBackorder;
  hoodie.active = false;
  hoodie.updated_at = At("2027-01-02T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCatalogItem(hoodie); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCatalogItem(hoodie.id); }), hoodie);
}

TEST_P(CatalogConformanceTest, RedemptionsAreCountedListedAndChanged) {
  auto hoodie = Item("Hoodie", 3);
  auto a1 = Redeemed(hoodie, ada_, domain::RedemptionStatus::kApproved, "2027-01-03T00:00:00Z");
  auto a2 = Redeemed(hoodie, ada_, domain::RedemptionStatus::kCancelled, "2027-01-04T00:00:00Z");
  auto b1 = Redeemed(hoodie, bob_, domain::RedemptionStatus::kRequested, "2027-01-05T00:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRedemption(a1.id); }), a1);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountLiveRedemptions(hoodie.id, ""); }), 2) << "not the cancelled one";
  EXPECT_EQ(Get([&](Queries& q) { return q.CountLiveRedemptions(hoodie.id, ada_.id); }), 1);

  auto list = [&](RedemptionQuery query) { return Ids(Get([&](Queries& q) { return q.ListRedemptions(query); })); };
  EXPECT_EQ(list({.program_id = program_.id}), (std::vector<std::string>{b1.id, a2.id, a1.id}));
  EXPECT_EQ(list({.advocate_id = ada_.id}), (std::vector<std::string>{a2.id, a1.id}));
  EXPECT_EQ(list({.status = domain::RedemptionStatus::kRequested}), (std::vector<std::string>{b1.id}));
  EXPECT_EQ(list({.enrolled_by = "usr_rep"}), (std::vector<std::string>{b1.id}));
  EXPECT_EQ(list({.program_id = program_.id, .before_id = b1.id, .limit = 1}), (std::vector<std::string>{a2.id}));

  b1.status = domain::RedemptionStatus::kRejected;
  b1.from_stock = false;
  b1.note = "Only one per team";
  b1.decided_by = "usr_1";
  b1.updated_at = At("2027-01-06T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateRedemption(b1); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRedemption(b1.id); }), b1);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountLiveRedemptions(hoodie.id, ""); }), 1);
}

TEST_P(CatalogConformanceTest, ARedemptionsRewardAndItsLedgerEntryRoundTrip) {
  auto gift = Item("Gift card", std::nullopt);
  gift.reward = domain::CatalogReward{domain::RewardKind::kGiftCard, domain::kMaxMinorAmount, "USD"};
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCatalogItem(gift); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindCatalogItem(gift.id); }), gift);

  domain::Redemption r;
  r.id = NewId(domain::kRedemptionPrefix, At("2027-01-03T00:00:00Z"));
  r.program_id = program_.id;
  r.advocate_id = ada_.id;
  r.item_id = gift.id;
  r.item_name = gift.name;
  r.cost_points = gift.cost_points;
  r.status = domain::RedemptionStatus::kRequested;
  r.created_at = r.updated_at = At("2027-01-03T00:00:00Z");
  r.reward = gift.reward;
  r.reward_id = NewId(domain::kRewardPrefix, r.created_at);
  domain::Reward entry = domain::RewardOfRedemption(r);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertRedemption(r));
    return tx.InsertReward(entry);
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRedemption(r.id); }), r);
  auto read = Get([&](Queries& q) { return q.FindReward(entry.id); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->entry, domain::RewardEntry::kRedemption);
  EXPECT_EQ(read->redemption_id, r.id);
  EXPECT_EQ(read->referral_id, "");
  EXPECT_EQ(read->rule_id, "");
  EXPECT_EQ(read->amount_minor, domain::kMaxMinorAmount);
  EXPECT_EQ(read->kind, domain::RewardKind::kGiftCard);
  EXPECT_EQ(read->reason, entry.reason);

  auto listed = [&](std::optional<domain::RewardEntry> kind) {
    return Ids(Get([&](Queries& q) { return q.ListRewards({.program_id = program_.id, .entry = kind}); }));
  };
  EXPECT_EQ(listed(domain::RewardEntry::kRedemption), (std::vector<std::string>{entry.id}));
  EXPECT_EQ(listed(domain::RewardEntry::kGrant), (std::vector<std::string>{}));
  auto balances = Get([&](Queries& q) { return q.GetRewardBalances(ada_.id); });
  ASSERT_EQ(balances.size(), 1u);
  EXPECT_EQ(balances[0].pending_minor, domain::kMaxMinorAmount) << "what the advocate is owed";

  domain::Reward twice = entry;
  twice.id = NewId(domain::kRewardPrefix, At("2027-01-04T00:00:00Z"));
  Status refused = Write([&](Tx& tx) { return tx.InsertReward(twice); });
  ASSERT_FALSE(refused.ok()) << "one entry per redemption";
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);

  domain::Reward orphan = entry;
  orphan.id = NewId(domain::kRewardPrefix, At("2027-01-05T00:00:00Z"));
  orphan.redemption_id = "";
  EXPECT_FALSE(Write([&](Tx& tx) { return tx.InsertReward(orphan); }).ok())
      << "only a redemption's entry goes without a referral and a rule";
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
