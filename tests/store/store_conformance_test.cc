// The storage conformance suite for programs, people, advocates, clicks, accounts, settings,
// idempotency records and the writer's guarantees (see conformance.h).

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

#include "conformance.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary

class StoreConformanceTest : public ConformanceTest {
 protected:
  // Six advocates in one program with different attributes, tags, sources, statuses, creation
  // times and enrolling users (a_[i] created at kT0 + i hours), and one advocate in another program
  // that no listing of this program may return.
  void SeedListing() {
    listing_ = MakeProgram("listing");
    for (int i = 0; i < 6; ++i) {
      a_.push_back(MakeAdvocate(listing_, MakePerson("a" + std::to_string(i)), kT0 + std::chrono::hours(i)));
    }
    auto set = [&](int i, AdvocateSource source, std::string enrolled_by, AdvocateStatus status,
                   domain::Attributes attributes, std::vector<std::string> tags) {
      auto& a = a_[static_cast<std::size_t>(i)];
      a.source = source;
      a.enrolled_by = std::move(enrolled_by);
      a.status = status;
      a.attributes = std::move(attributes);
      a.tags = std::move(tags);
    };
    set(0, AdvocateSource::kStaff, "usr_admin", AdvocateStatus::kActive,
        {{"plan", Str("pro")}, {"seats", Num("10")}, {"trial", Bool(true)}}, {"emea", "vip"});
    set(1, AdvocateSource::kSalesRep, "usr_rep", AdvocateStatus::kActive, {{"plan", Str("basic")}}, {"emea"});
    set(2, AdvocateSource::kSelfSignup, "", AdvocateStatus::kInactive, {{"plan", Str("pro")}, {"seats", Num("25")}},
        {"vip"});
    set(3, AdvocateSource::kApi, "key_ci", AdvocateStatus::kActive, {{"plan", Str("pro")}, {"trial", Bool(false)}},
        {"emea", "na", "vip"});
    set(4, AdvocateSource::kSalesRep, "usr_rep", AdvocateStatus::kInactive, {}, {});
    set(5, AdvocateSource::kStaff, "usr_admin", AdvocateStatus::kActive, {{"seats", Num("10")}}, {"na"});
    ASSERT_OK(InsertProgramWithAdvocates(listing_, a_));

    domain::Program other = MakeProgram("other", kT0 + 1h);
    domain::Advocate outsider = MakeAdvocate(other, MakePerson("outsider"), kT0 + 10h);
    outsider.attributes = {{"plan", Str("pro")}, {"seats", Num("10")}, {"trial", Bool(true)}};
    outsider.tags = {"emea", "na", "vip"};
    outsider.source = AdvocateSource::kSalesRep;
    outsider.enrolled_by = "usr_rep";
    ASSERT_OK(InsertProgramWithAdvocates(other, {outsider}));
  }
  AdvocateQuery ListingQuery() const {
    AdvocateQuery query;
    query.program_id = listing_.id;
    return query;
  }
  std::vector<std::string> ListIds(const AdvocateQuery& query) {
    return Ids(Get([&](Queries& q) { return q.ListAdvocates(query); }));
  }
  std::vector<std::string> Listed(std::initializer_list<int> indices) const {
    std::vector<std::string> ids;
    for (int i : indices) ids.push_back(a_[static_cast<std::size_t>(i)].id);
    return ids;
  }

  // One program with three advocates (one inactive) and clicks spread over ten hours, plus a click
  // in another program.
  void SeedClicks() {
    stats_program_ = MakeProgram("stats");
    stats_advocates_ = {MakeAdvocate(stats_program_, MakePerson("s0")), MakeAdvocate(stats_program_, MakePerson("s1")),
                        MakeAdvocate(stats_program_, MakePerson("s2"))};
    stats_advocates_[2].status = AdvocateStatus::kInactive;
    ASSERT_OK(InsertProgramWithAdvocates(stats_program_, stats_advocates_));
    domain::Program elsewhere = MakeProgram("elsewhere");
    domain::Advocate outsider = MakeAdvocate(elsewhere, MakePerson("s3"));
    ASSERT_OK(InsertProgramWithAdvocates(elsewhere, {outsider}));

    const auto& a = stats_advocates_[0];
    const auto& b = stats_advocates_[1];
    clicks_ = {
        MakeClick(a, kT0 + 1h, kV1, "email"),                // 0
        MakeClick(b, kT0 + 2h, kV1, "email"),                // 1
        MakeClick(a, kT0 + 3h, kV2, "linkedin"),             // 2
        MakeClick(a, kT0 + 3h, kV3, "direct", true),         // 3: bot
        MakeClick(b, kT0 + 4h, kV4, "email"),                // 4
        MakeClick(a, kT0 + 10h, kV5, "qr"),                  // 5
        MakeClick(a, kT0 + 10h + 1us, kV5, "direct", true),  // 6: bot
        MakeClick(outsider, kT0 + 30min, kV1, "email"),      // 7: another program
    };
    clicks_[2].referrer = "";
    clicks_[2].user_agent = std::string(512, 'u');
    // Out of time order, some in one transaction, some in their own.
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      for (int i : {5, 0, 3}) BB_RETURN_IF_ERROR(tx.InsertClick(clicks_[static_cast<std::size_t>(i)]));
      return Ok();
    }));
    for (int i : {7, 2, 6, 1, 4}) {
      ASSERT_OK(Write([&](Tx& tx) { return tx.InsertClick(clicks_[static_cast<std::size_t>(i)]); }));
    }
  }
  domain::ProgramStats ClickStats(const domain::TimeRange& range) {
    return Get([&](Queries& q) { return q.GetProgramStats(stats_program_.id, range); });
  }

  // SeedListing
  domain::Program listing_;
  std::vector<domain::Advocate> a_;
  // SeedClicks
  domain::Program stats_program_;
  std::vector<domain::Advocate> stats_advocates_;
  std::vector<domain::Click> clicks_;
};

// ---------------------------------------------------------------------------------------------
// Programs

TEST_P(StoreConformanceTest, ProgramsRoundTrip) {
  domain::Program program = MakeProgram("acme-partners", kT0 + 123457us);
  program.name = "Acme Partners";
  program.kind = domain::ProgramKind::kPartner;
  program.description = "Line one\nLine two, with \"quotes\" and caf\xc3\xa9";
  program.landing_url = "https://acme.example.com/partners?utm_source=bluebird#top";
  program.attribution_window_days = 365;
  program.currency = "EUR";
  program.status = ProgramStatus::kPaused;
  program.updated_at = kT0 + 48h + 1us;
  program.branding = {"#7c2d12", "https://cdn.acme.example/logo.svg",
                      "Hi {{advocate.first_name}},\nsee {{program.name}}"};
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(program); }));

  auto by_id = Get([&](Queries& q) { return q.FindProgram(program.id); });
  ASSERT_TRUE(by_id.has_value());
  ExpectSameProgram(*by_id, program);
  auto by_slug = Get([&](Queries& q) { return q.FindProgramBySlug("acme-partners"); });
  ASSERT_TRUE(by_slug.has_value());
  ExpectSameProgram(*by_slug, program);
}

TEST_P(StoreConformanceTest, FindsNoProgramForUnknownIdsOrSlugs) {
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(MakeProgram("known")); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgram("prg_00000000000000000000000000"); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgramBySlug("unknown"); }).has_value());
}

TEST_P(StoreConformanceTest, ListsProgramsNewestFirstInPages) {
  std::vector<domain::Program> programs;
  for (int i = 0; i < 7; ++i) programs.push_back(MakeProgram("p" + std::to_string(i), kT0 + std::chrono::hours(i)));
  // Insert out of order: the listing follows ids, not insertion order.
  for (int i : {3, 0, 6, 1, 5, 2, 4}) {
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(programs[static_cast<std::size_t>(i)]); }));
  }
  std::vector<std::string> newest_first;
  for (auto it = programs.rbegin(); it != programs.rend(); ++it) newest_first.push_back(it->id);

  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms({}); })), newest_first);

  std::vector<std::string> paged;
  ProgramQuery query;
  query.limit = 3;
  for (int page = 0; page < 5; ++page) {
    auto items = Get([&](Queries& q) { return q.ListPrograms(query); });
    EXPECT_LE(items.size(), 3u);
    if (items.empty()) break;
    for (const auto& p : items) paged.push_back(p.id);
    query.before_id = items.back().id;
  }
  EXPECT_EQ(paged, newest_first);

  ProgramQuery one;
  one.limit = 1;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms(one); })), std::vector<std::string>{newest_first[0]});
}

TEST_P(StoreConformanceTest, ListsProgramsByStatus) {
  std::vector<domain::Program> programs;
  const ProgramStatus statuses[] = {ProgramStatus::kActive, ProgramStatus::kPaused, ProgramStatus::kArchived,
                                    ProgramStatus::kActive, ProgramStatus::kPaused, ProgramStatus::kActive};
  for (int i = 0; i < 6; ++i) {
    programs.push_back(MakeProgram("s" + std::to_string(i), kT0 + std::chrono::minutes(i)));
    programs.back().status = statuses[i];
  }
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& p : programs) BB_RETURN_IF_ERROR(tx.InsertProgram(p));
    return Ok();
  }));
  ProgramQuery active;
  active.status = ProgramStatus::kActive;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms(active); })),
            (std::vector<std::string>{programs[5].id, programs[3].id, programs[0].id}));
  ProgramQuery paused;
  paused.status = ProgramStatus::kPaused;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms(paused); })),
            (std::vector<std::string>{programs[4].id, programs[1].id}));
  ProgramQuery archived;
  archived.status = ProgramStatus::kArchived;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms(archived); })), std::vector<std::string>{programs[2].id});

  active.limit = 1;
  active.before_id = programs[5].id;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListPrograms(active); })), std::vector<std::string>{programs[3].id});
}

TEST_P(StoreConformanceTest, SlugsAreUnique) {
  domain::Program first = MakeProgram("taken");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(first); }));
  domain::Program second = MakeProgram("taken", kT0 + 1h);
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertProgram(second); }), "slug");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgram(second.id); }).has_value());

  domain::Program third = MakeProgram("free", kT0 + 2h);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(third); }));
  third.slug = "taken";
  ExpectConflictOn(Write([&](Tx& tx) { return tx.UpdateProgram(third); }), "slug");
  auto stored = Get([&](Queries& q) { return q.FindProgram(third.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->slug, "free");
}

TEST_P(StoreConformanceTest, UpdateProgramRewritesItsFields) {
  domain::Program program = MakeProgram("before");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(program); }));
  program.name = "After";
  program.slug = "after";
  program.description = "New";
  program.landing_url = "https://example.com/after";
  program.attribution_window_days = 30;
  program.currency = "GBP";
  program.status = ProgramStatus::kArchived;
  program.updated_at = kT0 + 5h;
  program.branding = {"#000000", "https://cdn.example/after.png", "After: {{advocate.link}}"};
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateProgram(program); }));
  auto stored = Get([&](Queries& q) { return q.FindProgram(program.id); });
  ASSERT_TRUE(stored.has_value());
  ExpectSameProgram(*stored, program);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgramBySlug("before"); }).has_value());
  // The old slug is free again.
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(MakeProgram("before", kT0 + 1h)); }));
}

// ---------------------------------------------------------------------------------------------
// People and advocates

TEST_P(StoreConformanceTest, PeopleRoundTripByNormalisedEmail) {
  domain::Person person = MakePerson("alice", kT0 + 7us);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertPerson(person); }));
  auto found = Get([&](Queries& q) { return q.FindPersonByEmail("alice@example.com"); });
  ASSERT_TRUE(found.has_value());
  ExpectSamePerson(*found, person);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindPersonByEmail("bob@example.com"); }).has_value());
}

TEST_P(StoreConformanceTest, PeopleEmailsAreUnique) {
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertPerson(MakePerson("alice")); }));
  domain::Person again = MakePerson("alice", kT0 + 1h);
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertPerson(again); }), "email");
}

// Regression (issue 12): a person's details were one row shared by every program, so changing an
// advocate's name in one program renamed them in the others.
TEST_P(StoreConformanceTest, EachEnrolmentKeepsItsOwnDetails) {
  domain::Program acme = MakeProgram("acme");
  domain::Program globex = MakeProgram("globex", kT0 + 1h);
  domain::Person person = MakePerson("carol");
  domain::Advocate in_acme = MakeAdvocate(acme, person);
  domain::Advocate in_globex = MakeAdvocate(globex, person, kT0 + 2h);
  in_globex.email = "Carol@EXAMPLE.com";
  in_globex.first_name = "Caroline";
  in_globex.company = "Globex";
  ASSERT_OK(InsertProgramWithAdvocates(acme, {in_acme}));
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(globex));
    return tx.InsertAdvocate(in_globex);
  }));

  in_globex.first_name = "Caro";
  in_globex.last_name = "";
  in_globex.company = "Globex Europe";
  in_globex.updated_at = kT0 + 3h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(in_globex); }));

  auto globex_view = Get([&](Queries& q) { return q.FindAdvocate(in_globex.id); });
  ASSERT_TRUE(globex_view.has_value());
  ExpectSameAdvocate(*globex_view, in_globex);
  auto acme_view = Get([&](Queries& q) { return q.FindAdvocate(in_acme.id); });
  ASSERT_TRUE(acme_view.has_value());
  ExpectSameAdvocate(*acme_view, in_acme);  // names, company, email as typed and updated_at untouched
  EXPECT_EQ(acme_view->person.id, globex_view->person.id);
}

TEST_P(StoreConformanceTest, AdvocatesRoundTripWithAttributesOfEveryKindAndTags) {
  domain::Program program = MakeProgram("acme");
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("alice"), kT0 + 1h + 3us);
  advocate.source = AdvocateSource::kSalesRep;
  advocate.enrolled_by = "usr_rep";
  advocate.status = AdvocateStatus::kInactive;
  advocate.attributes = {
      {"plan", Str("pro")},  {"seats", Num("12.50")},  // kept as JSON text, not as a double
      {"big", Num("1e3")},   {"churned", Bool(false)},
      {"answer", Str("42")},  // a string that looks like a number stays a string
      {"flag", Str("true")},  // and one that looks like a boolean
      {"empty", Str("")},    {"note", Str("caf\xc3\xa9 \"quoted\"")},
  };
  advocate.tags = {"enterprise", "region:emea", "vip"};
  advocate.updated_at = kT0 + 2h;
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));

  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameAdvocate(*found, advocate);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocate("adv_00000000000000000000000000"); }).has_value());
}

TEST_P(StoreConformanceTest, AdvocatesWithoutAttributesOrTags) {
  domain::Program program = MakeProgram("bare");
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("bare"));
  advocate.source = AdvocateSource::kSelfSignup;
  advocate.enrolled_by = "";
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameAdvocate(*found, advocate);
}

TEST_P(StoreConformanceTest, FindsAdvocatesByPersonWithinAProgram) {
  domain::Program acme = MakeProgram("acme");
  domain::Program globex = MakeProgram("globex", kT0 + 1h);
  domain::Person person = MakePerson("dana");
  domain::Advocate in_acme = MakeAdvocate(acme, person);
  in_acme.tags = {"vip"};
  in_acme.attributes = {{"plan", Str("pro")}};
  ASSERT_OK(InsertProgramWithAdvocates(acme, {in_acme}));
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(globex); }));

  auto found = Get([&](Queries& q) { return q.FindAdvocateByPerson(acme.id, person.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameAdvocate(*found, in_acme);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocateByPerson(globex.id, person.id); }).has_value());

  // The same person may join another program.
  domain::Advocate in_globex = MakeAdvocate(globex, person, kT0 + 2h);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertAdvocate(in_globex); }));
  auto second = Get([&](Queries& q) { return q.FindAdvocateByPerson(globex.id, person.id); });
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->id, in_globex.id);
}

TEST_P(StoreConformanceTest, AdvocateCodesAreUnique) {
  domain::Program program = MakeProgram("acme");
  domain::Advocate first = MakeAdvocate(program, MakePerson("erin"));
  ASSERT_OK(InsertProgramWithAdvocates(program, {first}));
  domain::Person other = MakePerson("frank");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertPerson(other); }));
  domain::Advocate clash = MakeAdvocate(program, other, kT0 + 1h);
  clash.code = first.code;
  clash.tags = {"vip"};
  clash.attributes = {{"plan", Str("pro")}};
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertAdvocate(clash); }), "code");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocate(clash.id); }).has_value());
}

// A taken code refuses the row and leaves the transaction as it was, so the caller can go on with
// another code in the same transaction (service::AdvocateService::EnrollInTx does).
TEST_P(StoreConformanceTest, AnInsertAdvocateRefusedForItsCodeLetsTheSameTransactionGoOn) {
  domain::Program program = MakeProgram("retry");
  domain::Advocate first = MakeAdvocate(program, MakePerson("ivy"));
  ASSERT_OK(InsertProgramWithAdvocates(program, {first}));
  domain::Person other = MakePerson("jon");
  domain::Advocate second = MakeAdvocate(program, other, kT0 + 1h);
  second.tags = {"vip"};
  second.attributes = {{"plan", Str("pro")}};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertPerson(other));
    domain::Advocate clash = second;
    clash.code = first.code;
    Status refused = tx.InsertAdvocate(clash);
    EXPECT_FALSE(refused.ok());
    return tx.InsertAdvocate(second);
  }));
  auto found = Get([&](Queries& q) { return q.FindAdvocate(second.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->code, second.code);
  EXPECT_EQ(found->tags, std::vector<std::string>{"vip"});
  EXPECT_EQ(found->attributes.size(), 1u);
}

TEST_P(StoreConformanceTest, APersonJoinsAProgramOnlyOnce) {
  domain::Program program = MakeProgram("acme");
  domain::Person person = MakePerson("gina");
  ASSERT_OK(InsertProgramWithAdvocates(program, {MakeAdvocate(program, person)}));
  domain::Advocate twice = MakeAdvocate(program, person, kT0 + 1h);
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertAdvocate(twice); }), "person");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocate(twice.id); }).has_value());
}

TEST_P(StoreConformanceTest, UpdateAdvocateRewritesStatusAttributesAndTags) {
  domain::Program program = MakeProgram("acme");
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("hank"));
  advocate.attributes = {{"plan", Str("pro")}, {"seats", Num("3")}};
  advocate.tags = {"emea", "vip"};
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));

  advocate.status = AdvocateStatus::kInactive;
  advocate.attributes = {{"plan", Str("enterprise")}, {"renewal", Bool(true)}};
  advocate.tags = {"champion"};
  advocate.updated_at = kT0 + 3h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(advocate); }));
  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameAdvocate(*found, advocate);

  advocate.attributes.clear();
  advocate.tags.clear();
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(advocate); }));
  found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->attributes.empty());
  EXPECT_TRUE(found->tags.empty());
}

TEST_P(StoreConformanceTest, ListingListsTheProgramsAdvocatesNewestFirstWithDetails) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  auto listed = Get([&](Queries& q) { return q.ListAdvocates(ListingQuery()); });
  EXPECT_EQ(Ids(listed), Listed({5, 4, 3, 2, 1, 0}));
  ASSERT_EQ(listed.size(), 6u);
  for (std::size_t i = 0; i < listed.size(); ++i) ExpectSameAdvocate(listed[i], a_[5 - i]);
}

TEST_P(StoreConformanceTest, ListingFiltersByAttributes) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.attributes = {{"plan", "pro"}};
  EXPECT_EQ(ListIds(query), Listed({3, 2, 0}));
  query.attributes = {{"plan", "pro"}, {"seats", "10"}};
  EXPECT_EQ(ListIds(query), Listed({0}));
  query.attributes = {{"seats", "10"}};
  EXPECT_EQ(ListIds(query), Listed({5, 0}));
  query.attributes = {{"trial", "true"}};
  EXPECT_EQ(ListIds(query), Listed({0}));
  query.attributes = {{"trial", "false"}};
  EXPECT_EQ(ListIds(query), Listed({3}));
  query.attributes = {{"plan", "PRO"}};
  EXPECT_EQ(ListIds(query), Listed({}));
  query.attributes = {{"missing", "x"}};
  EXPECT_EQ(ListIds(query), Listed({}));
}

TEST_P(StoreConformanceTest, ListingFiltersByTagsAllOfWhichMustBePresent) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.tags = {"vip"};
  EXPECT_EQ(ListIds(query), Listed({3, 2, 0}));
  query.tags = {"vip", "emea"};
  EXPECT_EQ(ListIds(query), Listed({3, 0}));
  query.tags = {"vip", "emea", "na"};
  EXPECT_EQ(ListIds(query), Listed({3}));
  query.tags = {"unknown"};
  EXPECT_EQ(ListIds(query), Listed({}));
}

TEST_P(StoreConformanceTest, ListingFiltersBySourceAndStatus) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.source = AdvocateSource::kSalesRep;
  EXPECT_EQ(ListIds(query), Listed({4, 1}));
  query.source = AdvocateSource::kSelfSignup;
  EXPECT_EQ(ListIds(query), Listed({2}));
  query.source = AdvocateSource::kApi;
  EXPECT_EQ(ListIds(query), Listed({3}));
  query.source.reset();
  query.status = AdvocateStatus::kInactive;
  EXPECT_EQ(ListIds(query), Listed({4, 2}));
  query.status = AdvocateStatus::kActive;
  EXPECT_EQ(ListIds(query), Listed({5, 3, 1, 0}));
  query.source = AdvocateSource::kSalesRep;
  EXPECT_EQ(ListIds(query), Listed({1}));
}

TEST_P(StoreConformanceTest, ListingFiltersByCreationTimeRange) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.created_from = kT0 + 2h;    // inclusive
  query.created_before = kT0 + 4h;  // exclusive
  EXPECT_EQ(ListIds(query), Listed({3, 2}));
  query.created_before.reset();
  EXPECT_EQ(ListIds(query), Listed({5, 4, 3, 2}));
  query.created_from.reset();
  query.created_before = kT0 + 1h;
  EXPECT_EQ(ListIds(query), Listed({0}));
  query.created_before = kT0;
  EXPECT_EQ(ListIds(query), Listed({}));
}

TEST_P(StoreConformanceTest, ListingFiltersByWhoEnrolledThem) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.enrolled_by = "usr_rep";
  EXPECT_EQ(ListIds(query), Listed({4, 1}));
  query.enrolled_by = "usr_admin";
  EXPECT_EQ(ListIds(query), Listed({5, 0}));
  query.enrolled_by = "usr_nobody";
  EXPECT_EQ(ListIds(query), Listed({}));
}

TEST_P(StoreConformanceTest, ListingSearchesNamesEmailsCompaniesAndCodes) {
  domain::Program program = MakeProgram("search");
  auto person = [&](std::string first, std::string last, std::string email, std::string company, int minute) {
    domain::Person p = MakePerson(email.substr(0, email.find('@')), kT0 + std::chrono::minutes(minute));
    p.email_normalized = email;
    domain::Advocate a = MakeAdvocate(program, p, kT0 + std::chrono::minutes(minute));
    a.first_name = std::move(first);
    a.last_name = std::move(last);
    a.email = email;
    a.company = std::move(company);
    return a;
  };
  std::vector<domain::Advocate> people = {person("Grace", "Hopper", "grace@navy.example", "US Navy", 1),
                                          person("Alan", "Turing", "alan@bletchley.example", "Bletchley Park", 2),
                                          person("Ada", "Lovelace", "ada@engines.example", "Analytical Engines", 3)};
  people[2].code = "SS2345";
  ASSERT_OK(InsertProgramWithAdvocates(program, people));
  ASSERT_NO_FATAL_FAILURE(SeedListing());  // another program's advocates, named "First a0 Last" etc.
  AdvocateQuery query;
  query.program_id = program.id;
  auto found = [&](std::string search) {
    query.search = std::move(search);
    return ListIds(query);
  };
  EXPECT_EQ(found("hopper"), std::vector<std::string>{people[0].id});
  EXPECT_EQ(found("grace hopper"), std::vector<std::string>{people[0].id}) << "first and last name together";
  EXPECT_EQ(found("bletchley"), std::vector<std::string>{people[1].id}) << "email and company: listed once";
  EXPECT_EQ(found("engines"), std::vector<std::string>{people[2].id});
  EXPECT_EQ(found("a"), (std::vector<std::string>{people[2].id, people[1].id, people[0].id}));
  std::string code = people[1].code;
  for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(found(code), std::vector<std::string>{people[1].id}) << "a referral code, in any case";
  // Regression (advocate search upper-cased by the database's locale on PostgreSQL): a non-ASCII
  // letter whose Unicode upper case is ASCII ('\u017f', long s, is 'S') is not a code's letter.
  EXPECT_EQ(found("ss2345"), std::vector<std::string>{people[2].id});
  EXPECT_EQ(found("\xc5\xbf\xc5\xbf"
                  "2345"),
            std::vector<std::string>{})
      << "only ASCII letters are upper-cased";
  EXPECT_EQ(found("first a0"), std::vector<std::string>{}) << "another program's advocate";
  EXPECT_EQ(found("%"), std::vector<std::string>{}) << "no pattern characters";
}

TEST_P(StoreConformanceTest, ListingCombinesFilters) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.attributes = {{"plan", "pro"}};
  query.tags = {"emea"};
  query.status = AdvocateStatus::kActive;
  query.created_from = kT0 + 1h;
  EXPECT_EQ(ListIds(query), Listed({3}));
}

TEST_P(StoreConformanceTest, ListingPagesWithBeforeId) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query = ListingQuery();
  query.limit = 2;
  EXPECT_EQ(ListIds(query), Listed({5, 4}));
  query.before_id = a_[4].id;
  EXPECT_EQ(ListIds(query), Listed({3, 2}));
  query.before_id = a_[2].id;
  EXPECT_EQ(ListIds(query), Listed({1, 0}));
  query.before_id = a_[0].id;
  EXPECT_EQ(ListIds(query), Listed({}));

  AdvocateQuery vip = ListingQuery();
  vip.tags = {"vip"};
  vip.limit = 2;
  EXPECT_EQ(ListIds(vip), Listed({3, 2}));
  vip.before_id = a_[2].id;
  EXPECT_EQ(ListIds(vip), Listed({0}));
}

TEST_P(StoreConformanceTest, ListingFindsNothingInAnUnknownProgram) {
  ASSERT_NO_FATAL_FAILURE(SeedListing());
  AdvocateQuery query;
  query.program_id = "prg_00000000000000000000000000";
  EXPECT_EQ(ListIds(query), Listed({}));
}

// ---------------------------------------------------------------------------------------------
// Links and clicks

TEST_P(StoreConformanceTest, FindsTheLinkTargetByCode) {
  domain::Program program = MakeProgram("links");
  program.landing_url = "https://acme.example.com/join?x=1";
  program.attribution_window_days = 90;
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("ivan"));
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));

  auto target = Get([&](Queries& q) { return q.FindLinkTarget(advocate.code); });
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->advocate_id, advocate.id);
  EXPECT_EQ(target->program_id, program.id);
  EXPECT_EQ(target->code, advocate.code);
  EXPECT_EQ(target->advocate_status, AdvocateStatus::kActive);
  EXPECT_EQ(target->program_status, ProgramStatus::kActive);
  EXPECT_EQ(target->landing_url, "https://acme.example.com/join?x=1");
  EXPECT_EQ(target->attribution_window_days, 90);

  program.status = ProgramStatus::kPaused;
  advocate.status = AdvocateStatus::kInactive;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.UpdateProgram(program));
    return tx.UpdateAdvocate(advocate);
  }));
  target = Get([&](Queries& q) { return q.FindLinkTarget(advocate.code); });
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->advocate_status, AdvocateStatus::kInactive);
  EXPECT_EQ(target->program_status, ProgramStatus::kPaused);

  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLinkTarget("2222222"); }).has_value());
}

TEST_P(StoreConformanceTest, ClicksCountsAdvocatesHumanAndBotClicksAndVisitors) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  domain::ProgramStats stats = ClickStats({});
  EXPECT_EQ(stats.advocates, 3);
  EXPECT_EQ(stats.active_advocates, 2);
  EXPECT_EQ(stats.clicks, 5);
  EXPECT_EQ(stats.bot_clicks, 2);
  EXPECT_EQ(stats.unique_visitors, 4);  // v1, v2, v4, v5; v3 only ever came as a bot
  ASSERT_FALSE(stats.clicks_by_channel.empty());
  EXPECT_EQ(stats.clicks_by_channel.front(), (std::pair<std::string, std::int64_t>{"email", 3}));
  std::set<std::pair<std::string, std::int64_t>> channels(stats.clicks_by_channel.begin(),
                                                          stats.clicks_by_channel.end());
  EXPECT_EQ(channels, (std::set<std::pair<std::string, std::int64_t>>{{"email", 3}, {"linkedin", 1}, {"qr", 1}}));
}

TEST_P(StoreConformanceTest, ClicksCountsOnlyClicksInTheRange) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  domain::ProgramStats stats = ClickStats({kT0 + 1h, kT0 + 4h});  // from inclusive, before exclusive
  EXPECT_EQ(stats.clicks, 3);
  EXPECT_EQ(stats.bot_clicks, 1);
  EXPECT_EQ(stats.unique_visitors, 2);
  EXPECT_EQ(stats.clicks_by_channel,
            (std::vector<std::pair<std::string, std::int64_t>>{{"email", 2}, {"linkedin", 1}}));
  // The advocate counts do not depend on the range.
  EXPECT_EQ(stats.advocates, 3);
  EXPECT_EQ(stats.active_advocates, 2);

  domain::ProgramStats from_only = ClickStats({kT0 + 4h, std::nullopt});
  EXPECT_EQ(from_only.clicks, 2);
  EXPECT_EQ(from_only.bot_clicks, 1);
  EXPECT_EQ(from_only.unique_visitors, 2);

  domain::ProgramStats before_only = ClickStats({std::nullopt, kT0 + 2h});
  EXPECT_EQ(before_only.clicks, 1);
  EXPECT_EQ(before_only.bot_clicks, 0);
  EXPECT_EQ(before_only.clicks_by_channel, (std::vector<std::pair<std::string, std::int64_t>>{{"email", 1}}));

  domain::ProgramStats empty = ClickStats({kT0 + 5h, kT0 + 6h});
  EXPECT_EQ(empty.clicks, 0);
  EXPECT_EQ(empty.bot_clicks, 0);
  EXPECT_EQ(empty.unique_visitors, 0);
  EXPECT_TRUE(empty.clicks_by_channel.empty());
}

TEST_P(StoreConformanceTest, AnAdvocatesActivityCountsOnlyTheirHumanClicksInTheRange) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  const auto& a = stats_advocates_[0];
  auto activity = [&](Timestamp from, Timestamp before) {
    return Get([&](Queries& q) { return q.GetAdvocateActivity(a.id, from, before); });
  };
  domain::AdvocateActivity all = activity(kT0, kT0 + 24h);
  EXPECT_EQ(all.funnel.clicks, 3) << "clicks 0, 2, 5; the bots' and the other advocates' are not theirs";
  EXPECT_EQ(all.funnel.unique_visitors, 3);
  EXPECT_EQ(all.funnel.referrals, 0);
  ASSERT_TRUE(all.last_click_at.has_value());
  EXPECT_EQ(ToMicros(*all.last_click_at), ToMicros(kT0 + 10h)) << "the later bot click is not counted";
  EXPECT_EQ(all.channels,
            (std::vector<domain::ChannelFigures>{{"email", 1, 0, 0}, {"linkedin", 1, 0, 0}, {"qr", 1, 0, 0}}));

  domain::AdvocateActivity early = activity(kT0 + 1h, kT0 + 3h);  // from inclusive, before exclusive
  EXPECT_EQ(early.funnel.clicks, 1);
  EXPECT_EQ(ToMicros(*early.last_click_at), ToMicros(kT0 + 1h));

  domain::AdvocateActivity none = activity(kT0 + 11h, kT0 + 12h);
  EXPECT_EQ(none.funnel.clicks, 0);
  EXPECT_FALSE(none.last_click_at.has_value());
  EXPECT_TRUE(none.channels.empty());
}

TEST_P(StoreConformanceTest, ClicksReportsZerosForAProgramWithoutActivity) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  domain::Program quiet = MakeProgram("quiet");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(quiet); }));
  auto stats = Get([&](Queries& q) { return q.GetProgramStats(quiet.id, {}); });
  EXPECT_EQ(stats.advocates, 0);
  EXPECT_EQ(stats.active_advocates, 0);
  EXPECT_EQ(stats.clicks, 0);
  EXPECT_EQ(stats.bot_clicks, 0);
  EXPECT_EQ(stats.unique_visitors, 0);
  EXPECT_TRUE(stats.clicks_by_channel.empty());
}

TEST_P(StoreConformanceTest, ClicksListsAVisitorsClicksOldestFirst) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  auto clicks = Get([&](Queries& q) { return q.ListClicksByVisitor(kV1, 10); });
  ASSERT_EQ(clicks.size(), 3u);
  ExpectSameClick(clicks[0], clicks_[7]);
  ExpectSameClick(clicks[1], clicks_[0]);
  ExpectSameClick(clicks[2], clicks_[1]);

  auto limited = Get([&](Queries& q) { return q.ListClicksByVisitor(kV1, 2); });
  ASSERT_EQ(limited.size(), 2u);
  EXPECT_EQ(limited[0].occurred_at, clicks_[7].occurred_at);
  EXPECT_EQ(limited[1].occurred_at, clicks_[0].occurred_at);

  auto v5 = Get([&](Queries& q) { return q.ListClicksByVisitor(kV5, 10); });
  ASSERT_EQ(v5.size(), 2u);
  ExpectSameClick(v5[0], clicks_[5]);
  ExpectSameClick(v5[1], clicks_[6]);

  auto v2 = Get([&](Queries& q) { return q.ListClicksByVisitor(kV2, 10); });
  ASSERT_EQ(v2.size(), 1u);
  ExpectSameClick(v2[0], clicks_[2]);  // empty referrer and a 512-byte user agent round-trip

  EXPECT_TRUE(Get([&](Queries& q) { return q.ListClicksByVisitor("01jgmz0000zzzzzzzzzzzzzzzz", 10); }).empty());
}

TEST_P(StoreConformanceTest, ClicksListsAProgramsClicksByTimeAcrossPages) {
  ASSERT_NO_FATAL_FAILURE(SeedClicks());
  // Reads every page of `query` with `limit` clicks to a page; the seeded clicks' indexes.
  auto walk = [&](const store::ClickQuery& query, int limit) {
    std::vector<int> order;
    std::optional<store::ClickPosition> after;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = Get([&](Queries& q) { return q.ListClicks(query, after, limit); });
      EXPECT_LE(page.size(), static_cast<std::size_t>(limit));
      for (const auto& record : page) {
        auto seeded = std::find_if(clicks_.begin(), clicks_.end(), [&](const domain::Click& c) {
          return c.occurred_at == record.click.occurred_at && c.visitor_id == record.click.visitor_id &&
                 c.advocate_id == record.click.advocate_id;
        });
        EXPECT_NE(seeded, clicks_.end());
        if (seeded == clicks_.end()) return order;
        ExpectSameClick(record.click, *seeded);
        order.push_back(static_cast<int>(seeded - clicks_.begin()));
      }
      if (page.size() < static_cast<std::size_t>(limit)) return order;
      after = store::ClickPosition{page.back().click.occurred_at, page.back().id};
    }
    ADD_FAILURE() << "the pages never ended";
    return order;
  };
  store::ClickQuery all{stats_program_.id, "", kT0, kT0 + 24h, store::BotClicks::kInclude};
  // 2 (human) and 3 (bot) share a time: 3 was stored first, so it comes first.
  const std::vector<int> in_time = {0, 1, 3, 2, 4, 5, 6};
  for (int limit : {1, 2, 3, 7, 50}) EXPECT_EQ(walk(all, limit), in_time) << "pages of " << limit;
  store::ClickQuery humans = all;
  humans.bots = store::BotClicks::kExclude;
  EXPECT_EQ(walk(humans, 2), (std::vector<int>{0, 1, 2, 4, 5}));
  store::ClickQuery bots = all;
  bots.bots = store::BotClicks::kOnly;
  EXPECT_EQ(walk(bots, 1), (std::vector<int>{3, 6}));
  store::ClickQuery advocate = all;
  advocate.advocate_id = stats_advocates_[0].id;
  EXPECT_EQ(walk(advocate, 2), (std::vector<int>{0, 3, 2, 5, 6}));
  advocate.bots = store::BotClicks::kExclude;
  EXPECT_EQ(walk(advocate, 2), (std::vector<int>{0, 2, 5}));
  store::ClickQuery window = all;  // from inclusive, before exclusive
  window.from = kT0 + 3h;
  window.before = kT0 + 10h;
  EXPECT_EQ(walk(window, 2), (std::vector<int>{3, 2, 4}));
  store::ClickQuery elsewhere = all;
  elsewhere.advocate_id = stats_advocates_[0].id;
  elsewhere.program_id = "prg_elsewhere";
  EXPECT_TRUE(walk(elsewhere, 5).empty()) << "an advocate's clicks only within the program asked for";
}

// ---------------------------------------------------------------------------------------------
// Accounts

domain::User MakeUser(std::string id, std::string email, domain::Role role) {
  domain::User u;
  u.id = std::move(id);
  u.email = std::move(email);
  u.name = "User " + u.id;
  u.role = role;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  u.created_at = kT0 + 11us;
  return u;
}

TEST_P(StoreConformanceTest, UsersRoundTrip) {
  domain::User admin = MakeUser("usr_01", "admin@example.com", domain::Role::kAdmin);
  domain::User rep = MakeUser("usr_02", "rep@example.com", domain::Role::kSalesRep);
  rep.disabled = true;
  rep.password_hash = "";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertUser(admin));
    return tx.InsertUser(rep);
  }));

  for (const auto& user : {admin, rep}) {
    for (auto found : {Get([&](Queries& q) { return q.FindUser(user.id); }),
                       Get([&](Queries& q) { return q.FindUserByEmail(user.email); })}) {
      ASSERT_TRUE(found.has_value()) << user.id;
      EXPECT_EQ(found->id, user.id);
      EXPECT_EQ(found->email, user.email);
      EXPECT_EQ(found->name, user.name);
      EXPECT_EQ(found->role, user.role);
      EXPECT_EQ(found->password_hash, user.password_hash);
      EXPECT_EQ(found->disabled, user.disabled);
      EXPECT_EQ(found->created_at, user.created_at);
    }
  }
  auto all = Ids(Get([](Queries& q) { return q.ListUsers(); }));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), (std::set<std::string>{"usr_01", "usr_02"}));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindUser("usr_99"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindUserByEmail("nobody@example.com"); }).has_value());
}

TEST_P(StoreConformanceTest, UserEmailsAreUnique) {
  ASSERT_OK(
      Write([&](Tx& tx) { return tx.InsertUser(MakeUser("usr_01", "admin@example.com", domain::Role::kAdmin)); }));
  ExpectConflictOn(
      Write([&](Tx& tx) { return tx.InsertUser(MakeUser("usr_02", "admin@example.com", domain::Role::kViewer)); }),
      "email");
  EXPECT_FALSE(Get([](Queries& q) { return q.FindUser("usr_02"); }).has_value());
}

TEST_P(StoreConformanceTest, SessionsCanBeTouchedAndDeleted) {
  domain::User user = MakeUser("usr_01", "admin@example.com", domain::Role::kAdmin);
  domain::SessionRecord session{"hash-one", user.id, kT0 + 1us, kT0 + 1us};
  domain::SessionRecord other{"hash-two", user.id, kT0, kT0};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertUser(user));
    BB_RETURN_IF_ERROR(tx.InsertSession(session));
    return tx.InsertSession(other);
  }));
  auto found = Get([](Queries& q) { return q.FindSession("hash-one"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token_hash, "hash-one");
  EXPECT_EQ(found->user_id, user.id);
  EXPECT_EQ(found->created_at, kT0 + 1us);
  EXPECT_EQ(found->last_seen_at, kT0 + 1us);

  ASSERT_OK(Write([](Tx& tx) { return tx.TouchSession("hash-one", kT0 + 20min + 5us); }));
  found = Get([](Queries& q) { return q.FindSession("hash-one"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->created_at, kT0 + 1us);
  EXPECT_EQ(found->last_seen_at, kT0 + 20min + 5us);

  ASSERT_OK(Write([](Tx& tx) { return tx.DeleteSession("hash-one"); }));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindSession("hash-one"); }).has_value());
  auto untouched = Get([](Queries& q) { return q.FindSession("hash-two"); });
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->last_seen_at, kT0);
  EXPECT_FALSE(Get([](Queries& q) { return q.FindSession("hash-unknown"); }).has_value());
}

TEST_P(StoreConformanceTest, ApiKeysCanBeRevoked) {
  domain::ApiKey ci{"key_01",  "CI pipeline", domain::Role::kManager, "secret-hash-1", "usr_01",
                    kT0 + 3us, std::nullopt};
  domain::ApiKey crm{"key_02", "CRM sync", domain::Role::kViewer, "secret-hash-2", "usr_01", kT0 + 1h, std::nullopt};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertApiKey(ci));
    return tx.InsertApiKey(crm);
  }));
  auto found = Get([](Queries& q) { return q.FindApiKey("key_01"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "CI pipeline");
  EXPECT_EQ(found->role, domain::Role::kManager);
  EXPECT_EQ(found->secret_hash, "secret-hash-1");
  EXPECT_EQ(found->created_by, "usr_01");
  EXPECT_EQ(found->created_at, kT0 + 3us);
  EXPECT_FALSE(found->revoked_at.has_value());
  auto all = Ids(Get([](Queries& q) { return q.ListApiKeys(); }));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), (std::set<std::string>{"key_01", "key_02"}));

  ASSERT_OK(Write([](Tx& tx) { return tx.RevokeApiKey("key_01", kT0 + 2h + 9us); }));
  found = Get([](Queries& q) { return q.FindApiKey("key_01"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->revoked_at, std::optional<Timestamp>(kT0 + 2h + 9us));
  auto other = Get([](Queries& q) { return q.FindApiKey("key_02"); });
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->revoked_at.has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindApiKey("key_99"); }).has_value());
}

// ---------------------------------------------------------------------------------------------
// Idempotency records and settings

domain::IdempotencyRecord MakeRecord(std::string scope, std::string key, Timestamp expires_at) {
  domain::IdempotencyRecord r;
  r.scope = std::move(scope);
  r.key = std::move(key);
  r.fingerprint = "sha256:abc";
  r.status = 201;
  r.body = R"({"id":"prg_1","name":"caf\u00e9"})";
  r.location = "/api/v1/programs/prg_1";
  r.created_at = kT0 + 1us;
  r.expires_at = expires_at;
  return r;
}

TEST_P(StoreConformanceTest, IdempotencyRecordsRoundTripAndKeysAreUniquePerScope) {
  domain::IdempotencyRecord record = MakeRecord("usr_01", "key-abc", kT0 + 24h);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertIdempotencyRecord(record); }));
  auto found = Get([](Queries& q) { return q.FindIdempotencyRecord("usr_01", "key-abc"); });
  ASSERT_TRUE(found.has_value());
  ExpectSameRecord(*found, record);

  domain::IdempotencyRecord again = MakeRecord("usr_01", "key-abc", kT0 + 48h);
  again.status = 200;
  ExpectConflictOn(Write([&](Tx& tx) { return tx.InsertIdempotencyRecord(again); }), "key");
  found = Get([](Queries& q) { return q.FindIdempotencyRecord("usr_01", "key-abc"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, 201);

  // The same key in another scope is another record.
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertIdempotencyRecord(MakeRecord("key_02", "key-abc", kT0 + 24h)); }));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindIdempotencyRecord("usr_02", "key-abc"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindIdempotencyRecord("usr_01", "key-xyz"); }).has_value());
}

TEST_P(StoreConformanceTest, DeletesIdempotencyRecordsExpiringAtOrBeforeNow) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertIdempotencyRecord(MakeRecord("s", "k1", kT0 + 1h)));
    BB_RETURN_IF_ERROR(tx.InsertIdempotencyRecord(MakeRecord("s", "k2", kT0 + 2h)));
    return tx.InsertIdempotencyRecord(MakeRecord("s", "k3", kT0 + 2h + 1us));
  }));
  std::int64_t deleted = -1;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteExpiredIdempotencyRecords(kT0 + 2h));
    return Ok();
  }));
  EXPECT_EQ(deleted, 2);
  EXPECT_FALSE(Get([](Queries& q) { return q.FindIdempotencyRecord("s", "k1"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindIdempotencyRecord("s", "k2"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindIdempotencyRecord("s", "k3"); }).has_value());

  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteExpiredIdempotencyRecords(kT0 + 2h));
    return Ok();
  }));
  EXPECT_EQ(deleted, 0);
}

TEST_P(StoreConformanceTest, SettingsAreUpserted) {
  EXPECT_FALSE(Setting("server_secret").has_value());
  ASSERT_OK(Write([](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutSetting("server_secret", "first"));
    return tx.PutSetting("other", "");
  }));
  EXPECT_EQ(Setting("server_secret"), std::optional<std::string>("first"));
  EXPECT_EQ(Setting("other"), std::optional<std::string>(""));
  ASSERT_OK(Write([](Tx& tx) { return tx.PutSetting("server_secret", "second"); }));
  EXPECT_EQ(Setting("server_secret"), std::optional<std::string>("second"));
  EXPECT_EQ(Setting("other"), std::optional<std::string>(""));
}

// ---------------------------------------------------------------------------------------------
// Transactions

TEST_P(StoreConformanceTest, ATransactionReadsItsOwnWrites) {
  domain::Program program = MakeProgram("own-writes");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(program));
    BB_RETURN_IF_ERROR(tx.PutSetting("seen", "yes"));
    BB_ASSIGN_OR_RETURN(auto found, tx.FindProgramBySlug("own-writes"));
    if (!found || found->id != program.id) return Error::Internal("own program not visible");
    BB_ASSIGN_OR_RETURN(auto setting, tx.GetSetting("seen"));
    if (setting != std::optional<std::string>("yes")) return Error::Internal("own setting not visible");
    return Ok();
  }));
}

TEST_P(StoreConformanceTest, WriteReturnsTheWorksErrorAndKeepsNothing) {
  domain::Program program = MakeProgram("rolled-back");
  domain::Person person = MakePerson("ghost");
  Status status = Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(program));
    BB_RETURN_IF_ERROR(tx.InsertPerson(person));
    BB_RETURN_IF_ERROR(tx.PutSetting("ghost", "1"));
    return Error::NotFound("changed my mind");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(status.error().message(), "changed my mind");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgram(program.id); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindPersonByEmail(person.email_normalized); }).has_value());
  EXPECT_FALSE(Setting("ghost").has_value());
  // Nothing is left holding the slug either.
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(MakeProgram("rolled-back")); }));
}

TEST_P(StoreConformanceTest, WorkFailingOnAConflictKeepsNothing) {
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(MakeProgram("taken")); }));
  domain::Program fresh = MakeProgram("fresh");
  Status status = Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(fresh));
    BB_RETURN_IF_ERROR(tx.PutSetting("half", "done"));
    return tx.InsertProgram(MakeProgram("taken", kT0 + 1h));
  });
  ExpectConflictOn(status, "slug");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgram(fresh.id); }).has_value());
  EXPECT_FALSE(Setting("half").has_value());
}

TEST_P(StoreConformanceTest, AFailedCallLeavesTheTransactionAsItWas) {
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertProgram(MakeProgram("taken")); }));
  domain::Program kept = MakeProgram("kept", kT0 + 1h);
  domain::Program refused = MakeProgram("taken", kT0 + 2h);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(kept));
    Status conflict = tx.InsertProgram(refused);
    if (conflict.ok()) return Error::Internal("expected a slug conflict");
    // The work handles the failure and carries on; the transaction must still be usable.
    BB_RETURN_IF_ERROR(tx.PutSetting("after", "conflict"));
    BB_ASSIGN_OR_RETURN(auto found, tx.FindProgram(kept.id));
    if (!found) return Error::Internal("earlier write lost");
    return Ok();
  }));
  EXPECT_TRUE(Get([&](Queries& q) { return q.FindProgram(kept.id); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindProgram(refused.id); }).has_value());
  EXPECT_EQ(Setting("after"), std::optional<std::string>("conflict"));
}

TEST_P(StoreConformanceTest, AFailedInsertAdvocateLeavesNoPartialAdvocate) {
  domain::Program program = MakeProgram("partial");
  domain::Person person = MakePerson("partial");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(program));
    return tx.InsertPerson(person);
  }));
  // Repeated tags break the advocate's invariant (sorted, unique): the store refuses the insert,
  // all-or-nothing.
  domain::Advocate advocate = MakeAdvocate(program, person);
  advocate.attributes = {{"plan", Str("pro")}};
  advocate.tags = {"vip", "vip"};
  Status inserted = Ok();
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    inserted = tx.InsertAdvocate(advocate);
    return Ok();  // the work carries on and commits
  }));
  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(found.has_value()) << "InsertAdvocate failed (" << Describe(inserted)
                                  << ") but left the advocate row behind";
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocateByPerson(program.id, person.id); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindLinkTarget(advocate.code); }).has_value());
}

TEST_P(StoreConformanceTest, AFailedUpdateAdvocateLeavesTheAdvocateAsItWas) {
  domain::Program program = MakeProgram("partial-update");
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("partial-update"));
  advocate.attributes = {{"plan", Str("pro")}};
  advocate.tags = {"emea", "vip"};
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));

  domain::Advocate changed = advocate;
  changed.status = AdvocateStatus::kInactive;
  changed.attributes = {{"plan", Str("enterprise")}};
  changed.tags = {"na", "na"};  // breaks the invariant: the store refuses, all-or-nothing
  changed.updated_at = kT0 + 1h;
  Status updated = Ok();
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    updated = tx.UpdateAdvocate(changed);
    return Ok();  // the work carries on and commits
  }));
  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code(), ErrorCode::kInvalidArgument);
  SCOPED_TRACE("UpdateAdvocate failed (" + Describe(updated) + ") and must have changed nothing");
  ExpectSameAdvocate(*found, advocate);
}

TEST_P(StoreConformanceTest, ReadReturnsTheWorksError) {
  Status status = store_->Read([](Queries&) -> Status { return Error::Conflict("read said no"); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(status.error().message(), "read said no");
}

TEST_P(StoreConformanceTest, ConcurrentWritesAreAllKeptAndFailuresUndoOnlyThemselves) {
  constexpr int kThreads = 16;
  constexpr int kWritesPerThread = 200;
  // A record whose key the "conflicting" jobs reuse.
  ASSERT_OK(Write([](Tx& tx) { return tx.InsertIdempotencyRecord(MakeRecord("shared", "taken", kT0 + 24h)); }));

  enum class Kind { kSucceed, kReturnError, kConflict };
  auto kind_of = [](int thread, int i) {
    int n = thread * kWritesPerThread + i;
    if (n % 5 == 3) return Kind::kReturnError;
    if (n % 7 == 4) return Kind::kConflict;
    return Kind::kSucceed;
  };
  auto name = [](int thread, int i) { return "t" + std::to_string(thread) + "-" + std::to_string(i); };

  std::vector<std::vector<Status>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        Kind kind = kind_of(t, i);
        std::string key = name(t, i);
        outcomes[static_cast<std::size_t>(t)].push_back(store_->Write([&](Tx& tx) -> Status {
          // Every job writes two rows first, so a failure has something to undo.
          BB_RETURN_IF_ERROR(tx.PutSetting(key, "v"));
          BB_RETURN_IF_ERROR(tx.InsertIdempotencyRecord(MakeRecord("concurrent", key, kT0 + 24h)));
          if (kind == Kind::kReturnError) return Error::Internal("deliberate failure");
          if (kind == Kind::kConflict) return tx.InsertIdempotencyRecord(MakeRecord("shared", "taken", kT0 + 24h));
          return Ok();
        }));
      }
    });
  }
  for (auto& thread : threads) thread.join();

  int succeeded = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      const Status& outcome = outcomes[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
      switch (kind_of(t, i)) {
        case Kind::kSucceed:
          EXPECT_TRUE(outcome.ok()) << name(t, i) << ": " << Describe(outcome);
          ++succeeded;
          break;
        case Kind::kReturnError:
          ASSERT_FALSE(outcome.ok()) << name(t, i);
          EXPECT_EQ(outcome.error().code(), ErrorCode::kInternal) << name(t, i);
          break;
        case Kind::kConflict: ExpectConflictOn(outcome, "key"); break;
      }
    }
  }
  ASSERT_GT(succeeded, 0);

  int present = 0;
  ASSERT_OK(store_->Read([&](Queries& q) -> Status {
    for (int t = 0; t < kThreads; ++t) {
      for (int i = 0; i < kWritesPerThread; ++i) {
        bool expected = kind_of(t, i) == Kind::kSucceed;
        BB_ASSIGN_OR_RETURN(auto setting, q.GetSetting(name(t, i)));
        BB_ASSIGN_OR_RETURN(auto record, q.FindIdempotencyRecord("concurrent", name(t, i)));
        EXPECT_EQ(setting.has_value(), expected) << name(t, i);
        EXPECT_EQ(record.has_value(), expected) << name(t, i);
        if (setting && record) ++present;
      }
    }
    return Ok();
  }));
  EXPECT_EQ(present, succeeded);
}

TEST_P(StoreConformanceTest, ReadSeesOneSnapshotWhileWritesCommit) {
  ASSERT_OK(Write([](Tx& tx) { return tx.PutSetting("before", "1"); }));
  ASSERT_OK(store_->Read([&](Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto before, q.GetSetting("before"));
    EXPECT_EQ(before, std::optional<std::string>("1"));
    // Another write commits while this read is open...
    Status written = Write([](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.PutSetting("before", "2"));
      return tx.PutSetting("during", "1");
    });
    EXPECT_TRUE(written.ok()) << Describe(written);
    // ...and this read still sees the database as it was when it began.
    BB_ASSIGN_OR_RETURN(auto changed, q.GetSetting("before"));
    BB_ASSIGN_OR_RETURN(auto during, q.GetSetting("during"));
    EXPECT_EQ(changed, std::optional<std::string>("1"));
    EXPECT_FALSE(during.has_value());
    return Ok();
  }));
  EXPECT_EQ(Setting("before"), std::optional<std::string>("2"));
  EXPECT_EQ(Setting("during"), std::optional<std::string>("1"));
}

TEST_P(StoreConformanceTest, ReadersNeverSeeHalfOfAWrite) {
  // Each write moves one unit between two settings; the sum is always 100 in a consistent view.
  ASSERT_OK(Write([](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutSetting("left", "100"));
    return tx.PutSetting("right", "0");
  }));
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      while (writing.load() || reads.load() < 8) {
        Status status = store_->Read([&](Queries& q) -> Status {
          BB_ASSIGN_OR_RETURN(auto left, q.GetSetting("left"));
          BB_ASSIGN_OR_RETURN(auto right, q.GetSetting("right"));
          if (!left || !right || std::stoi(*left) + std::stoi(*right) != 100) torn.fetch_add(1);
          return Ok();
        });
        if (!status.ok()) torn.fetch_add(1);
        reads.fetch_add(1);
      }
    });
  }
  for (int i = 1; i <= 100; ++i) {
    ASSERT_OK(Write([i](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.PutSetting("left", std::to_string(100 - i)));
      return tx.PutSetting("right", std::to_string(i));
    }));
  }
  writing.store(false);
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GE(reads.load(), 8);
  EXPECT_EQ(Setting("left"), std::optional<std::string>("0"));
}

TEST_P(StoreConformanceTest, WriteAsyncReportsTheOutcomeOnceDurable) {
  std::promise<Status> succeeded;
  auto succeeded_outcome = succeeded.get_future();
  store_->WriteAsync([](Tx& tx) { return tx.PutSetting("async", "yes"); },
                     [&](Status status) { succeeded.set_value(std::move(status)); });
  ASSERT_OK(Await(succeeded_outcome));
  EXPECT_EQ(Setting("async"), std::optional<std::string>("yes"));

  std::promise<Status> failed;
  auto failed_outcome = failed.get_future();
  store_->WriteAsync(
      [](Tx& tx) -> Status {
        BB_RETURN_IF_ERROR(tx.PutSetting("async-failed", "yes"));
        return Error::Conflict("async said no");
      },
      [&](Status status) { failed.set_value(std::move(status)); });
  Status outcome = Await(failed_outcome);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(outcome.error().message(), "async said no");
  EXPECT_FALSE(Setting("async-failed").has_value());
}

TEST_P(StoreConformanceTest, ClicksWrittenAsynchronouslyRoundTripAndAFailingOneFailsAlone) {
  // The tracked link's path: clicks queued together are committed in groups (on PostgreSQL, one COPY
  // per group). Text with the characters COPY escapes must arrive unchanged, and a job that fails
  // after inserting its click must fail alone, its click undone, whichever group it lands in.
  domain::Program program = MakeProgram("async-clicks");
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("async"));
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  constexpr int kClicks = 60;
  constexpr int kRefused = 37;
  std::vector<domain::Click> clicks;
  for (int i = 0; i < kClicks; ++i) {
    clicks.push_back(MakeClick(advocate, kT0 + std::chrono::seconds(i), kV1, "email"));
    clicks.back().user_agent = "Agent\t" + std::to_string(i) + "\\n\n\r\\N end";
    clicks.back().referrer = i % 2 ? "" : "https://example.com/\xc3\xa9?q=a\tb";
  }
  std::vector<std::promise<Status>> done(kClicks);
  for (int i = 0; i < kClicks; ++i) {
    store_->WriteAsync(
        [click = clicks[static_cast<std::size_t>(i)], refuse = i == kRefused](Tx& tx) -> Status {
          BB_RETURN_IF_ERROR(tx.InsertClick(click));
          if (refuse) return Error::Conflict("refused after its insert");
          return Ok();
        },
        [&done, i](Status status) { done[static_cast<std::size_t>(i)].set_value(std::move(status)); });
  }
  for (int i = 0; i < kClicks; ++i) {
    auto outcome = done[static_cast<std::size_t>(i)].get_future();
    Status status = Await(outcome);
    if (i == kRefused) {
      ASSERT_FALSE(status.ok()) << "the job that refused";
      EXPECT_EQ(status.error().code(), ErrorCode::kConflict) << Describe(status);
    } else {
      EXPECT_TRUE(status.ok()) << i << ": " << Describe(status);
    }
  }
  auto stored = Get([&](Queries& q) { return q.ListClicksByVisitor(kV1, 100); });
  ASSERT_EQ(stored.size(), static_cast<std::size_t>(kClicks - 1));
  for (std::size_t i = 0, j = 0; i < stored.size(); ++i, ++j) {
    if (j == kRefused) ++j;
    ExpectSameClick(stored[i], clicks[j]);
  }
}

TEST_P(StoreConformanceTest, WriteAsyncOwnsItsWork) {
  std::promise<Status> done;
  auto outcome = done.get_future();
  {
    // The work's captured state must outlive this scope: the store owns the work now.
    auto value = std::make_shared<std::string>("owned");
    store_->WriteAsync([value](Tx& tx) { return tx.PutSetting("owned", *value); },
                       [&](Status status) { done.set_value(std::move(status)); });
  }
  ASSERT_OK(Await(outcome));
  EXPECT_EQ(Setting("owned"), std::optional<std::string>("owned"));
}

TEST_P(StoreConformanceTest, CloseRefusesNewWrites) {
  store_->Close();
  bool ran = false;
  Status status = store_->Write([&](Tx& tx) {
    ran = true;
    return tx.PutSetting("late", "1");
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(ran);

  std::promise<Status> done;
  auto outcome = done.get_future();
  store_->WriteAsync(
      [&](Tx& tx) {
        ran = true;
        return tx.PutSetting("late-async", "1");
      },
      [&](Status s) { done.set_value(std::move(s)); });
  Status async_status = Await(outcome);
  ASSERT_FALSE(async_status.ok());
  EXPECT_EQ(async_status.error().code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(ran);

  store_->Close();  // idempotent
  Reopen();
  EXPECT_FALSE(Setting("late").has_value());
  EXPECT_FALSE(Setting("late-async").has_value());
}

TEST_P(StoreConformanceTest, CloseFinishesQueuedWrites) {
  constexpr int kWrites = 200;
  std::atomic<int> finished{0};
  std::vector<Status> outcomes(kWrites);
  for (int i = 0; i < kWrites; ++i) {
    store_->WriteAsync([i](Tx& tx) { return tx.PutSetting("queued-" + std::to_string(i), "1"); },
                       [&, i](Status status) {
                         outcomes[static_cast<std::size_t>(i)] = std::move(status);
                         finished.fetch_add(1);
                       });
  }
  store_->Close();
  // Every write queued before Close has run and been answered by the time Close returns.
  ASSERT_EQ(finished.load(), kWrites);
  for (int i = 0; i < kWrites; ++i) EXPECT_TRUE(outcomes[static_cast<std::size_t>(i)].ok()) << i;
  Reopen();
  for (int i = 0; i < kWrites; ++i) EXPECT_TRUE(Setting("queued-" + std::to_string(i)).has_value()) << i;
}

TEST_P(StoreConformanceTest, WritesRacingCloseAreEitherKeptOrRefused) {
  constexpr int kThreads = 8;
  std::atomic<int> acknowledged{0};
  std::atomic<int> stopped{0};
  std::vector<std::vector<std::string>> kept(kThreads);
  std::vector<Status> last(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string name = "race-" + std::to_string(t) + "-" + std::to_string(i);
        Status status = store_->Write([&](Tx& tx) { return tx.PutSetting(name, "1"); });
        if (!status.ok()) {
          last[static_cast<std::size_t>(t)] = std::move(status);
          stopped.fetch_add(1);
          return;
        }
        kept[static_cast<std::size_t>(t)].push_back(name);
        acknowledged.fetch_add(1);
      }
    });
  }
  while (acknowledged.load() < 50 && stopped.load() == 0) std::this_thread::yield();
  store_->Close();
  for (auto& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    const Status& refusal = last[static_cast<std::size_t>(t)];
    ASSERT_FALSE(refusal.ok());
    EXPECT_EQ(refusal.error().code(), ErrorCode::kUnavailable) << Describe(refusal);
  }
  Reopen();
  ASSERT_OK(store_->Read([&](Queries& q) -> Status {
    for (const auto& names : kept) {
      for (const auto& name : names) {
        BB_ASSIGN_OR_RETURN(auto setting, q.GetSetting(name));
        EXPECT_TRUE(setting.has_value()) << name << " was acknowledged but is missing";
      }
    }
    return Ok();
  }));
}

TEST_P(StoreConformanceTest, AClickThatCannotBeKeptIsRefusedNamingTheField) {
  domain::Program program = MakeProgram("refused", kT0 + 5us);
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("refused"), kT0 + 6us);
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  const domain::Click good = MakeClick(advocate, kT0 + 1h, kV1, "email");
  std::vector<std::pair<std::string, std::function<void(domain::Click&)>>> spoilers = {
      {"visitor_id", [](domain::Click& c) { c.visitor_id = "v1"; }},
      {"visitor_id", [](domain::Click& c) { c.visitor_id = "8zzzzzzzzzzzzzzzzzzzzzzzzz"; }},  // 130 bits
      {"ip_hash", [](domain::Click& c) { c.ip_hash = "not-a-hash"; }},
      {"ip_hash", [](domain::Click& c) { c.ip_hash = std::string(32, 'A'); }},
      {"user_agent", [](domain::Click& c) { c.user_agent = std::string(domain::kMaxUserAgentLength + 1, 'a'); }},
      {"referrer", [](domain::Click& c) { c.referrer = std::string(domain::kMaxReferrerLength + 1, 'r'); }},
  };
  for (const auto& [field, spoil] : spoilers) {
    domain::Click bad = good;
    spoil(bad);
    Status refused = Write([&](Tx& tx) { return tx.InsertClick(bad); });
    ASSERT_FALSE(refused.ok()) << field;
    EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument) << field;
    ASSERT_EQ(refused.error().fields().size(), 1u) << field;
    EXPECT_EQ(refused.error().fields()[0].field, field);
  }
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListClicksByVisitor(kV1, 10); }).empty());
}

// A visitor's clicks: the first `limit` stored, oldest first (clicks_visitor is read in the order
// stored and stops at the limit, however many a replayed cookie has).
TEST_P(StoreConformanceTest, AVisitorsClicksAreTheFirstStoredUpToTheLimitOldestFirst) {
  domain::Program program = MakeProgram("visitor", kT0 + 5us);
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("visitor"), kT0 + 6us);
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  for (auto at : {kT0 + 10h, kT0 + 5h, kT0 + 20h}) {
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertClick(MakeClick(advocate, at, kV3, "email")); }));
  }
  auto first_two = Get([&](Queries& q) { return q.ListClicksByVisitor(kV3, 2); });
  ASSERT_EQ(first_two.size(), 2u);
  EXPECT_EQ(first_two[0].occurred_at, kT0 + 5h);
  EXPECT_EQ(first_two[1].occurred_at, kT0 + 10h);
  auto all = Get([&](Queries& q) { return q.ListClicksByVisitor(kV3, 10); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].occurred_at, kT0 + 20h);
}

// Regression (compact clicks): a key made by a write that was then undone must not be used by a
// later write (its row was rolled back with it); the later write makes it again.
TEST_P(StoreConformanceTest, AClickKeyMadeByAWriteThatWasUndoneIsMadeAgain) {
  domain::Program program = MakeProgram("undone", kT0 + 5us);
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("undone"), kT0 + 6us);
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  domain::Click click = MakeClick(advocate, kT0 + 1h, kV2, "sms");
  click.user_agent = "Undone/1.0";
  click.referrer = "https://undone.example/";
  Status undone = Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertClick(click));
    return Error::Conflict("undo the write");
  });
  ASSERT_FALSE(undone.ok());
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListClicksByVisitor(kV2, 10); }).empty());
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertClick(click); }));
  auto stored = Get([&](Queries& q) { return q.ListClicksByVisitor(kV2, 10); });
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].user_agent, "Undone/1.0");
  EXPECT_EQ(stored[0].referrer, "https://undone.example/");
  EXPECT_EQ(stored[0].advocate_id, advocate.id);
  EXPECT_EQ(stored[0].channel, "sms");
}

TEST_P(StoreConformanceTest, DataSurvivesClosingAndReopening) {
  domain::Program program = MakeProgram("durable", kT0 + 5us);
  domain::Advocate advocate = MakeAdvocate(program, MakePerson("durable"), kT0 + 6us);
  advocate.attributes = {{"plan", Str("pro")}, {"seats", Num("7")}, {"trial", Bool(true)}};
  advocate.tags = {"emea", "vip"};
  domain::Click click = MakeClick(advocate, kT0 + 1h, "01jgmz0000ffffffffffffffff", "email");
  domain::User user = MakeUser("usr_01", "admin@example.com", domain::Role::kAdmin);
  ASSERT_OK(InsertProgramWithAdvocates(program, {advocate}));
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertClick(click));
    BB_RETURN_IF_ERROR(tx.InsertUser(user));
    BB_RETURN_IF_ERROR(tx.InsertSession({"session-hash", user.id, kT0, kT0}));
    BB_RETURN_IF_ERROR(tx.InsertApiKey({"key_01", "CI", domain::Role::kViewer, "secret", user.id, kT0, std::nullopt}));
    BB_RETURN_IF_ERROR(tx.InsertIdempotencyRecord(MakeRecord("usr_01", "k", kT0 + 24h)));
    return tx.PutSetting("server_secret", "s3cret");
  }));

  Reopen();

  auto found = Get([&](Queries& q) { return q.FindAdvocate(advocate.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameAdvocate(*found, advocate);
  auto stored_program = Get([&](Queries& q) { return q.FindProgram(program.id); });
  ASSERT_TRUE(stored_program.has_value());
  ExpectSameProgram(*stored_program, program);
  auto clicks = Get([&](Queries& q) { return q.ListClicksByVisitor(click.visitor_id, 10); });
  ASSERT_EQ(clicks.size(), 1u);
  ExpectSameClick(clicks[0], click);
  EXPECT_TRUE(Get([](Queries& q) { return q.FindUser("usr_01"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindSession("session-hash"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindApiKey("key_01"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindIdempotencyRecord("usr_01", "k"); }).has_value());
  EXPECT_EQ(Setting("server_secret"), std::optional<std::string>("s3cret"));

  // And the reopened store takes writes again.
  ASSERT_OK(Write([](Tx& tx) { return tx.PutSetting("after-reopen", "1"); }));
  EXPECT_EQ(Setting("after-reopen"), std::optional<std::string>("1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store
