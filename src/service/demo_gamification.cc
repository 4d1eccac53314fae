#include "service/demo_gamification.h"

#include "domain/access.h"
#include "domain/catalog.h"
#include "domain/challenge.h"
#include "domain/ids.h"
#include "domain/points.h"

namespace bb::service {

Status AddDemoGamification(store::Tx& tx, const IdGenerator& ids, const domain::Program& program, Timestamp start) {
  // Champions and the advisory board each have a leaderboard of their own in the portal.
  domain::PointsSettings points = domain::DefaultPointsSettings(program.id);
  points.board_groups = {"champion", "advisory-board"};
  points.updated_at = start;
  points.updated_by = domain::Actor::System().id;
  BB_RETURN_IF_ERROR(tx.PutPointsSettings(points));

  domain::ChallengeInput referrals;
  referrals.name = "Bring a colleague";
  referrals.description = "Refer up to three people this season; a bonus for each who becomes a customer.";
  referrals.steps =
      std::vector<domain::ChallengeStepInput>{{"submit_referral", 150, "", ""}, {"referral_won", 750, "", ""}};
  referrals.starts_at = start;
  referrals.per_member_limit = 3;
  BB_ASSIGN_OR_RETURN(auto bring,
                      domain::BuildChallenge(referrals, ids.New(domain::kChallengePrefix), program.id, start));
  BB_RETURN_IF_ERROR(tx.InsertChallenge(bring));

  domain::ChallengeInput reviews;
  reviews.name = "Tell the world";
  reviews.description = "Review us on a site your peers read, and share your link where they work.";
  reviews.steps = std::vector<domain::ChallengeStepInput>{{"write_review", 300, "Write a review on G2 or Capterra", ""},
                                                          {"share_link", 50, "", "linkedin"}};
  reviews.starts_at = start + std::chrono::minutes(1);
  reviews.set_total_limit = true;
  reviews.total_limit = 100;
  BB_ASSIGN_OR_RETURN(auto tell, domain::BuildChallenge(reviews, ids.New(domain::kChallengePrefix), program.id,
                                                        start + std::chrono::minutes(1)));
  BB_RETURN_IF_ERROR(tx.InsertChallenge(tell));

  struct Item {
    const char* name;
    const char* description;
    std::int64_t cost;
    std::optional<std::int64_t> stock;
    const char* approval;
    std::optional<domain::CatalogRewardInput> reward;  // paid through the reward ledger
  };
  const Item items[] = {
      {"Team hoodie", "Navy, embroidered. Tell us your size when we write.", 2'000, 25, "auto", std::nullopt},
      {"Gift card", "25.00 for a store of your choice, sent by email.", 2'500, std::nullopt, "manual",
       domain::CatalogRewardInput{"gift_card", 2'500}},
      {"A donation in your name", "We give to the charity of the month.", 1'000, std::nullopt, "auto", std::nullopt}};
  for (const auto& item : items) {
    domain::CatalogItemInput input;
    input.name = item.name;
    input.description = item.description;
    input.cost_points = item.cost;
    input.set_stock = true;
    input.stock = item.stock;
    input.approval = item.approval;
    input.set_reward = true;
    input.reward = item.reward;
    BB_ASSIGN_OR_RETURN(auto built, domain::BuildCatalogItem(input, ids.New(domain::kCatalogItemPrefix), program.id,
                                                             program.currency, start + std::chrono::minutes(2)));
    BB_RETURN_IF_ERROR(tx.InsertCatalogItem(built));
  }
  return Ok();
}

}  // namespace bb::service
