// Upgrading a database an earlier release wrote: each migration keeps what users see.

#include <gtest/gtest.h>

#include "common/metrics.h"
#include "compact_clicks_migration.h"
#include "store/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace bb::store {
namespace {

// Regression (issue 12): the people row held one name per email for every program. Version 9
// gives each enrolment its own copy, and must not lose a name on the way.
TEST(SqliteMigrationTest, EveryEnrolmentKeepsTheNameItShowedBeforeVersion9) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = sqlite::Connection::Open(path, true, 1000);
    ASSERT_TRUE(db.ok()) << db.error().message();
    auto version = sqlite::ApplyMigrations(**db, 8);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 8);
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
      INSERT INTO programs (id, name, slug, kind, description, landing_url, attribution_window_days, currency,
                            status, created_at, updated_at)
      VALUES ('prg_a', 'A', 'a', 'customer', '', 'https://a.example/', 180, 'USD', 'active', 1, 1),
             ('prg_b', 'B', 'b', 'partner', '', 'https://b.example/', 180, 'EUR', 'active', 1, 1);
      INSERT INTO people (id, email, email_normalized, first_name, last_name, company, created_at)
      VALUES ('per_ada', 'Ada@Example.com', 'ada@example.com', 'Ada', 'Lovelace', 'Engines', 5),
             ('per_bob', 'bob@example.com', 'bob@example.com', 'Bob', '', '', 6);
      INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, updated_at)
      VALUES ('adv_1', 'prg_a', 'per_ada', 'AAAAAAA', 'staff', 'usr_x', 'active', 7, 7),
             ('adv_2', 'prg_b', 'per_ada', 'BBBBBBB', 'self_signup', '', 'active', 8, 9),
             ('adv_3', 'prg_a', 'per_bob', 'CCCCCCC', 'api', 'key_x', 'inactive', 10, 10);
    )sql")
                    .ok());
  }
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = path;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  struct Expected {
    const char* id;
    const char* email;
    const char* first;
    const char* last;
    const char* company;
    std::int64_t updated_at;
  };
  for (const Expected& want : {Expected{"adv_1", "Ada@Example.com", "Ada", "Lovelace", "Engines", 7},
                               Expected{"adv_2", "Ada@Example.com", "Ada", "Lovelace", "Engines", 9},
                               Expected{"adv_3", "bob@example.com", "Bob", "", "", 10}}) {
    std::optional<domain::Advocate> found;
    ASSERT_TRUE((*store)
                    ->Read([&](Queries& q) -> Status {
                      BB_ASSIGN_OR_RETURN(found, q.FindAdvocate(want.id));
                      return Ok();
                    })
                    .ok());
    ASSERT_TRUE(found.has_value()) << want.id;
    EXPECT_EQ(found->email, want.email);
    EXPECT_EQ(found->first_name, want.first);
    EXPECT_EQ(found->last_name, want.last);
    EXPECT_EQ(found->company, want.company);
    EXPECT_EQ(ToMicros(found->updated_at), want.updated_at);
  }
  std::optional<domain::Person> ada;
  ASSERT_TRUE((*store)
                  ->Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(ada, q.FindPersonByEmail("ada@example.com"));
                    return Ok();
                  })
                  .ok());
  ASSERT_TRUE(ada.has_value());
  EXPECT_EQ(ada->id, "per_ada");
}

// Version 13 marks the ledger entries a deal value correction replaced (superseded_by), so that
// balances stop counting them as money taken back; entries reversed by hand stay unmarked.
TEST(SqliteMigrationTest, EntriesACorrectionReplacedAreMarkedAtVersion13) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = sqlite::Connection::Open(path, true, 1000);
    ASSERT_TRUE(db.ok()) << db.error().message();
    auto version = sqlite::ApplyMigrations(**db, 12);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 12);
    Status filled = (*db)->Exec(R"sql(
      INSERT INTO programs (id, name, slug, kind, description, landing_url, attribution_window_days, currency,
                            status, created_at, updated_at)
      VALUES ('prg_a', 'A', 'a', 'customer', '', 'https://a.example/', 180, 'USD', 'active', 1, 1);
      INSERT INTO people (id, email_normalized, created_at) VALUES ('per_ada', 'ada@example.com', 1);
      INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, updated_at,
                             email, first_name)
      VALUES ('adv_1', 'prg_a', 'per_ada', 'AAAAAAA', 'staff', 'usr_x', 'active', 1, 1, 'ada@example.com', 'Ada');
      INSERT INTO referrals (id, program_id, advocate_id, code, first_touch_code, source, submitted_by, channel,
                             referee_email, referee_email_key, referee_email_domain, referee_first_name,
                             referee_last_name, referee_company, referee_title, referee_phone, product, note,
                             visitor_id, ip_hash, stage, review_status, review_reasons, deal_value_minor,
                             external_id, created_at, updated_at)
      VALUES ('ref_1', 'prg_a', 'adv_1', 'AAAAAAA', 'AAAAAAA', 'api', 'key_x', 'other', 'r@x.example',
              'r@x.example', 'x.example', 'R', '', '', '', '', '', '', '', '', 'won', 'clear', '', 2000, '', 2, 2);
      INSERT INTO reward_rules (id, program_id, name, trigger_stage, beneficiary, percent_bp, kind,
                                requires_approval, conditions, created_at)
      VALUES ('rul_1', 'prg_a', 'Ten', 'won', 'advocate', 1000, 'cash', 1, '[]', 1);
      INSERT INTO rewards (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor,
                           currency, kind, status, reason, payout_reference, reversal_reason, created_at, updated_at,
                           entry, correction, corrects)
      VALUES ('rwd_grant', 'prg_a', 'ref_1', 'adv_1', 'rul_1', 'advocate', 'stage:won', 100, 'USD', 'cash',
              'reversed', '', '', 'corrected', 3, 4, 'grant', 0, ''),
             ('rwd_reissue', 'prg_a', 'ref_1', 'adv_1', 'rul_1', 'advocate', 'stage:won', 200, 'USD', 'cash',
              'reversed', '', '', 'by hand', 4, 5, 'reissue', 1, 'rwd_grant');
      INSERT INTO reward_events (id, reward_id, status, actor, note, at, correction)
      VALUES ('rwe_1', 'rwd_grant', 'pending', 'system', '', 3, 0),
             ('rwe_2', 'rwd_grant', 'reversed', 'usr_x', 'corrected', 4, 1),
             ('rwe_3', 'rwd_reissue', 'pending', 'usr_x', '', 4, 1),
             ('rwe_4', 'rwd_reissue', 'reversed', 'usr_x', 'by hand', 5, 0);
    )sql");
    ASSERT_TRUE(filled.ok()) << filled.error().message();
  }
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = path;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  for (auto [id, superseded_by] : {std::pair{"rwd_grant", 1}, std::pair{"rwd_reissue", 0}}) {
    std::optional<domain::Reward> found;
    ASSERT_TRUE((*store)
                    ->Read([&](Queries& q) -> Status {
                      BB_ASSIGN_OR_RETURN(found, q.FindReward(id));
                      return Ok();
                    })
                    .ok());
    ASSERT_TRUE(found.has_value()) << id;
    EXPECT_EQ(found->superseded_by, superseded_by) << id;
  }
}

// Version 21 adds the click summaries the dashboards read: the clicks stored before it are
// summarised when the upgraded database is first opened, not left out of every figure.
TEST(SqliteMigrationTest, TheClicksOfAnEarlierVersionAreSummarisedOnTheFirstOpenAfterVersion21) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = sqlite::Connection::Open(path, true, 1000);
    ASSERT_TRUE(db.ok()) << db.error().message();
    auto version = sqlite::ApplyMigrations(**db, 20);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 20);
    // Three clicks on 2024-02-29 (two people, one the same visitor twice, one bot), one on
    // 2024-03-01.
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
      INSERT INTO programs (id, name, slug, kind, description, landing_url, attribution_window_days, currency,
                            status, created_at, updated_at)
      VALUES ('prg_a', 'A', 'a', 'customer', '', 'https://a.example/', 180, 'USD', 'active', 1, 1);
      INSERT INTO clicks (program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent,
                          referrer, is_bot)
      VALUES ('prg_a', 'adv_1', 'AAAAAAA', 1709164800000000, 'email', 'v1', '', 'Firefox', '', 0),
             ('prg_a', 'adv_1', 'AAAAAAA', 1709200000000000, 'email', 'v1', '', 'Firefox', '', 0),
             ('prg_a', 'adv_1', 'AAAAAAA', 1709210000000000, 'qr', 'v2', '', 'Googlebot', '', 1),
             ('prg_a', 'adv_1', 'AAAAAAA', 1709251200000000, 'qr', 'v3', '', 'Firefox', '', 0);
    )sql")
                    .ok());
  }
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = path;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  std::vector<domain::ClickDay> stored;
  std::vector<domain::ClickDay> computed;
  std::optional<std::string> request;
  ASSERT_TRUE((*store)
                  ->Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(stored, q.ListClickDays("prg_a", 19000, 20000));
                    BB_ASSIGN_OR_RETURN(computed, q.ComputeClickDays("prg_a", 19000, 20000));
                    BB_ASSIGN_OR_RETURN(request, q.GetSetting("click_summaries"));
                    return Ok();
                  })
                  .ok());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_TRUE(stored == computed);
  EXPECT_EQ(stored[0].day, 19782);  // 2024-02-29
  EXPECT_EQ(stored[0].channels["email"], (domain::ChannelClicks{2, 0}));
  EXPECT_EQ(stored[0].channels["qr"], (domain::ChannelClicks{0, 1}));
  EXPECT_EQ(stored[0].visitors.Estimate(), 1);
  EXPECT_EQ(stored[1].channels["qr"], (domain::ChannelClicks{1, 0}));
  EXPECT_FALSE(request.has_value());  // built once: the request is gone
}

// Version 23 adds the referral summaries: the referrals, rewards and advocates stored before it
// are summarised when the upgraded database is first opened.
TEST(SqliteMigrationTest, TheReferralsOfAnEarlierVersionAreSummarisedOnTheFirstOpenAfterVersion23) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = sqlite::Connection::Open(path, true, 1000);
    ASSERT_TRUE(db.ok()) << db.error().message();
    auto version = sqlite::ApplyMigrations(**db, 22);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 22);
    // An advocate enrolled on 2024-02-28 whose referral of that day was won on the leap day with
    // a reward of 25.00.
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
      INSERT INTO programs (id, name, slug, kind, description, landing_url, attribution_window_days, currency,
                            status, created_at, updated_at)
      VALUES ('prg_a', 'A', 'a', 'customer', '', 'https://a.example/', 180, 'USD', 'active', 1, 1);
      INSERT INTO people (id, email_normalized, created_at) VALUES ('per_1', 'ada@example.com', 1);
      INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, updated_at)
      VALUES ('adv_1', 'prg_a', 'per_1', 'AAAAAAA', 'staff', 'usr_1', 'active', 1709078400000000, 1709078400000000);
      INSERT INTO reward_rules (id, program_id, name, trigger_stage, beneficiary, fixed_minor, kind, requires_approval,
                                conditions, created_at)
      VALUES ('rul_1', 'prg_a', 'Won', 'won', 'advocate', 2500, 'cash', 0, '[]', 1);
      INSERT INTO referrals (id, program_id, advocate_id, code, first_touch_code, source, submitted_by, channel,
                             referee_email, referee_email_key, referee_email_domain, referee_first_name,
                             referee_last_name, referee_company, referee_title, referee_phone, product, note,
                             visitor_id, ip_hash, stage, review_status, review_reasons, deal_value_minor,
                             external_id, created_at, updated_at, deal_currency)
      VALUES ('ref_1', 'prg_a', 'adv_1', 'AAAAAAA', 'AAAAAAA', 'portal', 'adv_1', 'email', 'g@x.example', 'g@x.example',
              'x.example', 'Gina', '', '', '', '', '', '', '', '', 'won', 'clear', '', 50000, '', 1709114400000000,
              1709208000000000, 'USD');
      INSERT INTO referral_events (id, referral_id, kind, from_stage, to_stage, actor, note, at, reached)
      VALUES ('rev_1', 'ref_1', 'submitted', NULL, 'submitted', 'adv_1', '', 1709114400000000, 'submitted'),
             ('rev_2', 'ref_1', 'stage_moved', 'submitted', 'won', 'usr_1', '', 1709208000000000,
              'qualified,opportunity,won');
      INSERT INTO rewards (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor,
                           currency, kind, status, reason, payout_reference, reversal_reason, created_at, updated_at)
      VALUES ('rwd_1', 'prg_a', 'ref_1', 'adv_1', 'rul_1', 'advocate', 'stage:won', 2500, 'USD', 'cash', 'pending',
              'won', '', '', 1709208000000000, 1709208000000000);
    )sql")
                    .ok());
  }
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = path;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  domain::ReferralSummary stored;
  domain::ReferralSummary computed;
  std::optional<std::string> request;
  ASSERT_TRUE((*store)
                  ->Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(stored, q.ListReferralDays("prg_a", 19000, 20000));
                    BB_ASSIGN_OR_RETURN(computed, q.ComputeReferralDays("prg_a", 19000, 20000));
                    BB_ASSIGN_OR_RETURN(request, q.GetSetting("referral_summaries"));
                    return Ok();
                  })
                  .ok());
  EXPECT_TRUE(stored == computed);
  const domain::ReferralTally& submitted = stored.days.at({19781, "email", "USD"});  // 2024-02-28
  EXPECT_EQ(submitted.submitted, 1);
  EXPECT_EQ(submitted.cohort_won, 1);
  EXPECT_EQ(submitted.cohort_revenue, 50'000);
  EXPECT_EQ(submitted.cohort_reward_cost, 2'500);
  const domain::ReferralTally& won = stored.days.at({19782, "email", "USD"});  // the leap day
  EXPECT_EQ(won.activity_won, 1);
  EXPECT_EQ(won.activity_qualified, 1);
  EXPECT_EQ(won.activity_committed, 2'500);
  EXPECT_EQ(stored.enrolments.at({19781, "active"}), 1);
  EXPECT_FALSE(request.has_value());  // built once: the request is gone
}

// Version 25 keeps clicks compactly (keys for repeated texts, bits for the visitor id and the
// address hash): every click stored before it reads back as it was.
TEST(SqliteMigrationTest, TheClicksOfAnEarlierVersionReadBackUnchangedAfterVersion25) {
  testing::TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = sqlite::Connection::Open(path, true, 1000);
    ASSERT_TRUE(db.ok()) << db.error().message();
    auto version = sqlite::ApplyMigrations(**db, 24);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 24);
    ASSERT_TRUE((*db)->Exec(kOldClicksSql).ok());
  }
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = path;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  ExpectOldClicksKept(**store);
  (*store)->Close();
  auto db = sqlite::Connection::Open(path, false, 1000);
  ASSERT_TRUE(db.ok());
  auto names = (*db)->Prepare("SELECT COUNT(*) FROM click_names");
  ASSERT_TRUE(names.ok() && *names->Step());
  EXPECT_EQ(names->Int(0), 7) << "2 programs, 3 user agents, 2 referrers: the new click made none";
}

}  // namespace
}  // namespace bb::store
