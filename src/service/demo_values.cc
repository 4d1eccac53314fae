#include "service/demo_values.h"

#include <array>

#include "domain/customer_value.h"
#include "domain/ids.h"
#include "service/demo_time.h"

namespace bb::service {
namespace {

std::string AttributeOf(const domain::Advocate& a, const std::string& key) {
  auto it = a.attributes.find(key);
  return it == a.attributes.end() ? std::string() : it->second.text;
}

struct EntrySeed {
  domain::ValueCategory category;
  std::int64_t amount_minor;
  const char* note;
};

constexpr std::array kEntries = {
    EntrySeed{domain::ValueCategory::kInfluence, 50'000, "Took a reference call with a prospect"},
    EntrySeed{domain::ValueCategory::kInfluence, 250'000, "Case study published with their logo"},
    EntrySeed{domain::ValueCategory::kInfluence, 20'000, "Five-star review on a software review site"},
    EntrySeed{domain::ValueCategory::kKnowledge, 30'000, "Beta tester of the new reporting module"},
    EntrySeed{domain::ValueCategory::kKnowledge, 80'000, "Feature request adopted into the roadmap"},
};

}  // namespace

Status AddDemoValues(store::Tx& tx, const IdGenerator& ids, ManualClock& past, std::mt19937& rng,
                     const domain::Program& program, Timestamp start, Timestamp now) {
  const bool customers = program.kind == domain::ProgramKind::kCustomer;
  domain::ValueSettings settings;
  settings.program_id = program.id;
  settings.version = 1;
  settings.published_at = start;
  settings.published_by = "system";
  settings.retention_rate_bp = customers ? 8'500 : 9'000;
  settings.gross_margin_bp = customers ? 7'000 : 3'000;  // a partner's deals earn a share
  settings.acquisition_cost_minor = customers ? 150'000 : 400'000;
  settings.incremental_share_bp = customers ? 5'000 : 7'000;
  BB_RETURN_IF_ERROR(tx.InsertValueSettings(settings));

  store::AdvocateQuery query;
  query.program_id = program.id;
  query.limit = 10'000;
  BB_ASSIGN_OR_RETURN(auto advocates, tx.ListAdvocates(query));
  std::uniform_int_distribution<int> percent(0, 99);
  for (const auto& a : advocates) {
    // Customers' advocates are customers; a third of partners buy licences themselves.
    if (customers || percent(rng) < 33) {
      const std::string tier = AttributeOf(a, "tier");
      const std::int64_t base = tier == "gold" ? 4'800'000 : tier == "silver" ? 1'800'000 : 600'000;
      past.Set(DemoTimeBetween(rng, a.created_at, now));
      domain::CustomerInputs inputs{ids.New(domain::kCustomerInputsPrefix),
                                    program.id,
                                    a.id,
                                    base / 2 + std::uniform_int_distribution<std::int64_t>(0, base)(rng),
                                    std::nullopt,
                                    std::uniform_int_distribution<std::int64_t>(0, 50'000)(rng),
                                    past.Now(),
                                    "system"};
      BB_RETURN_IF_ERROR(tx.InsertCustomerInputs(inputs));
    }
    const bool promoter = AttributeOf(a, "nps_class") == "promoter";
    for (int chance : {promoter ? 40 : 5, promoter ? 20 : 3}) {
      if (percent(rng) >= chance) continue;
      const auto& seed = kEntries[std::uniform_int_distribution<std::size_t>(0, kEntries.size() - 1)(rng)];
      domain::ValueEntry entry;
      entry.occurred_at = DemoTimeBetween(rng, a.created_at, now);
      past.Set(entry.occurred_at);
      entry.id = ids.New(domain::kValueEntryPrefix);
      entry.program_id = program.id;
      entry.advocate_id = a.id;
      entry.category = seed.category;
      entry.amount_minor = seed.amount_minor;
      entry.note = seed.note;
      entry.recorded_at = entry.occurred_at;
      entry.recorded_by = "system";
      BB_RETURN_IF_ERROR(tx.InsertValueEntry(entry));
    }
  }

  // Two in five of the won customers were asked why they joined; most came only through the referral.
  BB_ASSIGN_OR_RETURN(auto referrals, tx.ListReferralsCreatedBy(program.id, now));
  for (const auto& r : referrals) {
    if (r.stage != domain::ReferralStage::kWon || percent(rng) >= 40) continue;
    past.Set(DemoTimeBetween(rng, r.updated_at, now));
    BB_RETURN_IF_ERROR(tx.InsertIncrementalityAnswer(
        {ids.New(domain::kIncrementalityAnswerPrefix), program.id, r.id, percent(rng) < 30, past.Now(), "system"}));
  }
  return Ok();
}

}  // namespace bb::service
