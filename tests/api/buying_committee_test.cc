// Buying committees and outcomes by attribute through the API, on every backend: a referral's
// committee recorded in versions, refused field by field (two primary contacts, a DISC factor that
// is not one), by role and for a stale version; reserved attributes on advocates; and the win rates
// by the primary contact's DISC factor and seniority, by the buying influences covered and by the
// advocate's DISC factor — recomputable as of a date and equal to a direct tally of generated
// months of referrals, committees, reviews and outcomes (injected clock).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class BuyingCommitteeTest : public ::testing::Test {
 protected:
  BuyingCommitteeTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Committees"}, {"kind", "customer"}, {"landing_url", "https://committees.example/"}}));
    ada_ = Enrol("ada", {});
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "") {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}, const std::string& key = "") {
    HttpResponse response = Send("POST", target, body, key);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  json::value Get(const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json();
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Enrol(const std::string& name, const json::object& attributes, const std::string& key = "") {
    return Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", name + "@advocates.example"}, {"first_name", name}, {"attributes", attributes}}, key));
  }
  std::string Refer(const std::string& advocate, const std::string& email, const std::string& key = "") {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}, key));
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

json::object Member(const std::string& email, const json::array& roles, const json::object& attributes = {}) {
  return {{"email", email}, {"first_name", "Person"}, {"roles", roles}, {"attributes", attributes}};
}

TEST_F(BuyingCommitteeTest, CommitteesAreRecordedInVersionsAndRefusedFieldByField) {
  const std::string referral = Refer(ada_, "rita@buyer.example");
  const std::string target = "/api/v1/referrals/" + referral + "/committee";
  const std::string before_any = FormatTimestamp(server_.clock.Now());
  json::value alone = Get(target);
  EXPECT_EQ(alone.at("version"), 0);
  ASSERT_EQ(alone.at("members").as_array().size(), 1u);
  EXPECT_EQ(alone.at("members").at(0).at("email"), "rita@buyer.example");
  EXPECT_EQ(alone.at("members").at(0).at("primary"), true);
  EXPECT_EQ(alone.at("members").at(0).at("referee"), true);
  EXPECT_EQ(alone.at("roles_covered"), 0);
  EXPECT_EQ(alone.at("roles_missing").as_array().size(), 4u);

  // §7.3 check 1: two primary contacts, a DISC factor that is not one, a secondary equal to the primary.
  json::object two_primaries = Member("eve@buyer.example", {"economic_buyer"});
  two_primaries["primary"] = true;
  json::object also_primary = Member("tom@buyer.example", {"technical_buyer"}, {{"disc_primary", "X"}});
  also_primary["primary"] = true;
  HttpResponse refused = Send("PUT", target, {{"members", {two_primaries, also_primary}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"members[1].attributes.disc_primary", "members[1].primary"}));
  refused =
      Send("PUT", target,
           {{"members", {Member("eve@buyer.example", {"boss"}, {{"disc_primary", "D"}, {"disc_secondary", "D"}})}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"members[0].roles[0]", "members[0].attributes.disc_secondary"}));
  refused = Send("PUT", target, {{"version", 0}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"members"});
  refused = Send("PUT", target, {{"members", {{{"email", "eve@buyer.example"}, {"first_name", "Eve"}, {"boss", 1}}}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"members[0].boss"});
  const json::object committee{
      {"version", 0},
      {"members",
       {Member("eve@buyer.example", {"economic_buyer", "coach"}, {{"disc_primary", "D"}, {"seniority", "vp"}}),
        Member("tom@buyer.example", {"technical_buyer"})}}};
  EXPECT_EQ(Send("PUT", target, committee, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("PUT", "/api/v1/referrals/rfl_nope/committee", committee).status, 404);
  EXPECT_EQ(Get(target).at("version"), 0) << "nothing recorded by the refusals";

  HttpResponse first = Send("PUT", target, committee);
  ASSERT_EQ(first.status, 201) << first.body;
  json::value one = first.Json();
  EXPECT_EQ(one.at("version"), 1);
  EXPECT_EQ(one.at("roles_covered"), 3) << "§7.3 check 3: economic buyer + coach on one person, a technical buyer";
  EXPECT_EQ(one.at("roles_missing"), json::array{"user_buyer"});
  ASSERT_EQ(one.at("members").as_array().size(), 3u) << "the referee is always a member";
  EXPECT_EQ(one.at("members").at(0).at("referee"), true);
  EXPECT_EQ(one.at("members").at(0).at("primary"), true);
  EXPECT_EQ(one.at("members").at(1).at("disc_blend"), "D");
  EXPECT_EQ(one.at("members").at(1).at("attributes").at("seniority"), "vp");

  HttpResponse same = Send("PUT", target, {{"members", committee.at("members")}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.Json().at("version"), 1) << "the same members record nothing";
  HttpResponse stale = Send("PUT", target, {{"version", 0}, {"members", {Member("eve@buyer.example", {})}}});
  ASSERT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Fields(stale), std::vector<std::string>{"version"});
  json::object eve_primary = Member("eve@buyer.example", {"economic_buyer", "user_buyer"});
  eve_primary["primary"] = true;
  HttpResponse second = Send("PUT", target, {{"version", 1}, {"members", {eve_primary}}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.Json().at("version"), 2);
  EXPECT_EQ(second.Json().at("members").at(0).at("primary"), false) << "a named primary takes over";
  EXPECT_EQ(second.Json().at("roles_covered"), 2);

  EXPECT_EQ(Get(target + "?as_of=" + before_any).at("version"), 0);
  EXPECT_EQ(Get(target + "?as_of=" + std::string(one.at("recorded_at").as_string())).at("version"), 1);
  EXPECT_EQ(Send("GET", target + "?as_of=2999-01-01").status, 422);
  EXPECT_EQ(Send("GET", target + "?colour=blue").status, 422);
  EXPECT_EQ(Get("/api/v1/audit-events?kind=referral.committee_recorded").at("data").as_array().size(), 2u);
}

// Research §7.2: an account's roles covered are over its open referrals.
TEST_F(BuyingCommitteeTest, AnAccountCoversTheInfluencesOfItsOpenReferralsCommittees) {
  const std::string first = Refer(ada_, "rita@buyer.example");
  const std::string second = Refer(Enrol("bo", {}), "sam@buyer.example");
  const std::string closed = Refer(ada_, "una@buyer.example");
  auto record = [&](const std::string& referral, const std::string& email, const json::array& roles) {
    HttpResponse put =
        Send("PUT", "/api/v1/referrals/" + referral + "/committee", {{"members", {Member(email, roles)}}});
    ASSERT_EQ(put.status, 201) << put.body;
  };
  record(first, "rita@buyer.example", {"economic_buyer"});
  record(second, "tom@buyer.example", {"technical_buyer", "economic_buyer"});
  record(closed, "una@buyer.example", {"coach", "user_buyer"});
  const std::string before_loss = FormatTimestamp(server_.clock.Now());
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + closed + "/stage", {{"stage", "lost"}}).status, 200);
  auto account = [&](const std::string& suffix) {
    json::value accounts = Get("/api/v1/accounts?program_id=" + program_ + suffix);
    for (const auto& a : accounts.at("data").as_array()) {
      if (a.at("domain") == "buyer.example") return a;
    }
    ADD_FAILURE() << "no buyer.example in " << accounts;
    return json::value();
  };
  json::value now = account("");
  EXPECT_EQ(now.at("roles_covered"), 2) << "the lost referral's coach and user buyer no longer count";
  EXPECT_EQ(now.at("roles_missing"), (json::array{"user_buyer", "coach"}));
  EXPECT_EQ(account("&as_of=" + before_loss).at("roles_covered"), 4) << "all three were open then";
}

TEST_F(BuyingCommitteeTest, SalesRepsRecordTheCommitteesOfTheirOwnAdvocatesOnly) {
  const std::string rep = server_.KeyFor("sales_rep");
  const std::string mine = Refer(Enrol("bo", {}, rep), "una@buyer.example", rep);
  const std::string theirs = Refer(ada_, "sam@buyer.example");
  const json::object committee{{"members", {Member("una@buyer.example", {"coach"})}}};
  HttpResponse recorded = Send("PUT", "/api/v1/referrals/" + mine + "/committee", committee, rep);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(recorded.Json().at("roles_covered"), 1);
  EXPECT_EQ(Send("PUT", "/api/v1/referrals/" + theirs + "/committee", committee, rep).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + theirs + "/committee", {}, rep).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + mine + "/committee", {}, rep).status, 200);
  EXPECT_EQ(
      Send("GET", "/api/v1/reports/attribute-outcomes?program_id=" + program_ + "&attribute=disc_primary", {}, rep)
          .status,
      403);
}

TEST_F(BuyingCommitteeTest, ReservedAttributesOfAdvocatesAreChecked) {
  HttpResponse refused = Send("POST", "/api/v1/programs/" + program_ + "/advocates",
                              {{"email", "cy@advocates.example"},
                               {"first_name", "Cy"},
                               {"attributes", {{"disc_primary", "X"}, {"seniority", "boss"}}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"attributes.disc_primary", "attributes.seniority"}));
  refused = Send("PATCH", "/api/v1/advocates/" + ada_,
                 {{"attributes", {{"disc_primary", "I"}, {"disc_secondary", "I"}, {"disc_confidence", 101}}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"attributes.disc_confidence", "attributes.disc_secondary"}));
  HttpResponse changed =
      Send("PATCH", "/api/v1/advocates/" + ada_,
           {{"attributes", {{"disc_primary", "I"}, {"disc_secondary", "S"}, {"disc_source", "predicted:crystal"}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("attributes").at("disc_primary"), "I");
  // Segments filter on them as on any attribute.
  json::value found = Get("/api/v1/programs/" + program_ + "/advocates?attr.disc_primary=I");
  ASSERT_EQ(found.at("data").as_array().size(), 1u);
  EXPECT_EQ(found.at("data").at(0).at("id").as_string(), ada_);
}

// The review of 2026-12-06 found these; each is held here.
TEST_F(BuyingCommitteeTest, ReviewFindingsOfBuyingCommitteesWithTheirRegressions) {
  const std::string report = "/api/v1/reports/attribute-outcomes?program_id=" + program_ + "&attribute=";
  // 1. A rejected referral stayed in the cohort as open, lowering every win rate.
  const std::string rejected = Refer(ada_, "rex@buyer.example");
  const std::string won = Refer(ada_, "wes@buyer.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + won + "/stage", {{"stage", "won"}}).status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + rejected + "/stage", {{"stage", "rejected"}}).status, 200);
  json::value total = Get(report + "roles_covered").at("total");
  EXPECT_EQ(total.at("referrals"), 1);
  EXPECT_EQ(total.at("win_rate_bp"), 10'000);

  // 2. Personality removed with null stayed readable in past versions: it can now be erased.
  const std::string target = "/api/v1/referrals/" + won + "/committee";
  const json::object profiled{
      {"members",
       {Member("eve@buyer.example", {"economic_buyer"},
               {{"disc_primary", "D"}, {"disc_source", "predicted:crystal"}, {"disc_confidence", 80}})}}};
  HttpResponse first = Send("PUT", target, profiled);
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string then = std::string(first.Json().at("recorded_at").as_string());
  ASSERT_EQ(Send("PUT", target,
                 {{"members",
                   {Member("eve@buyer.example", {"economic_buyer"},
                           {{"disc_primary", nullptr}, {"disc_source", nullptr}, {"disc_confidence", nullptr}})}}})
                .status,
            201);
  EXPECT_EQ(Get(target + "?as_of=" + then).at("members").at(1).at("disc_blend"), "D") << "kept until erased";
  const std::string erase = target + "/erase-personality";
  EXPECT_EQ(Send("POST", erase, {{"email", "eve@buyer.example"}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("POST", erase, {{"email", "eve@buyer.example"}}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("POST", erase, {{"email", "not an email"}}).status, 422);
  HttpResponse erased = Send("POST", erase, {{"email", "EVE@buyer.example"}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.Json().at("versions_changed"), 1);
  json::value past = Get(target + "?as_of=" + then);
  EXPECT_EQ(past.at("members").at(1).at("disc_blend"), "");
  EXPECT_TRUE(past.at("members").at(1).at("attributes").as_object().empty());
  EXPECT_EQ(past.at("members").at(1).at("roles"), json::array{"economic_buyer"}) << "only the personality goes";
  EXPECT_EQ(Send("POST", erase, {{"email", "eve@buyer.example"}}).Json().at("versions_changed"), 0);
  EXPECT_EQ(Get("/api/v1/audit-events?kind=referral.committee_personality_erased").at("data").as_array().size(), 1u);

  // 3. 150,000 roles: one error, not one per role.
  json::array roles(150'000, json::value("x"));
  HttpResponse many = Send("PUT", target, {{"members", {Member("eve@buyer.example", roles)}}});
  ASSERT_EQ(many.status, 422);
  EXPECT_EQ(Fields(many), std::vector<std::string>{"members[0].roles"});
  EXPECT_LT(many.body.size(), 2'000u);

  // 6. The same members in another order record nothing.
  const json::object ab{{"members", {Member("a@buyer.example", {"coach"}), Member("b@buyer.example", {})}}};
  const json::object ba{{"members", {Member("b@buyer.example", {}), Member("a@buyer.example", {"coach"})}}};
  ASSERT_EQ(Send("PUT", target, ab).status, 201);
  HttpResponse reordered = Send("PUT", target, ba);
  EXPECT_EQ(reordered.status, 200) << reordered.body;

  // 7. A `to` after as_of was echoed though nothing after as_of counts; a `from` after as_of named
  //    `to`, which was not sent; a committee before its referral existed was answered.
  const std::string as_of = FormatTimestamp(server_.clock.Now());
  json::value clamped = Get(report + "disc_primary&to=9999-12-31T23:59:59Z&as_of=" + as_of);
  EXPECT_EQ(clamped.at("to"), clamped.at("as_of"));
  HttpResponse late_from = Send("GET", report + "disc_primary&from=2999-01-01");
  ASSERT_EQ(late_from.status, 422);
  EXPECT_EQ(Fields(late_from), std::vector<std::string>{"from"});
  HttpResponse before = Send("GET", target + "?as_of=2020-01-01");
  ASSERT_EQ(before.status, 422);
  EXPECT_EQ(Fields(before), std::vector<std::string>{"as_of"});
}

// What the generator did, as it knows it (not as the server stored it).
struct Case {
  std::string referral;
  Timestamp submitted{};
  std::optional<Timestamp> cleared;  // held ones: when they were cleared (never: not cleared)
  bool held = false;
  std::string advocate_disc;
  // Committee versions by time: the primary's DISC and seniority, and the influences covered.
  struct Version {
    Timestamp at{};
    std::string disc, seniority;
    int covered = 0;
  };
  std::vector<Version> committees;
  std::optional<Timestamp> won, lost;
};

struct Row {
  std::int64_t referrals = 0, won = 0, lost = 0;
  std::vector<std::int64_t> days;
};

// The value of `attribute` for `c` as of `as_of`.
std::string ValueAsOf(const Case& c, const std::string& attribute, Timestamp as_of) {
  const Case::Version* latest = nullptr;
  for (const auto& v : c.committees) {
    if (v.at <= as_of) latest = &v;
  }
  if (attribute == "advocate.disc_primary") return c.advocate_disc.empty() ? "unknown" : c.advocate_disc;
  if (attribute == "roles_covered") return std::to_string(latest ? latest->covered : 0);
  std::string value = latest == nullptr ? "" : attribute == "disc_primary" ? latest->disc : latest->seniority;
  return value.empty() ? "unknown" : value;
}

TEST_F(BuyingCommitteeTest, OutcomesByAttributeEqualADirectTallyOfGeneratedMonths) {
  std::mt19937 rng(20261206);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> discs = {"D", "I", "S", "C", ""};
  const std::vector<std::string> seniorities = {"c_level", "vp", "director", "manager", "individual", ""};
  const std::vector<std::vector<std::string>> role_sets = {{},
                                                           {"coach"},
                                                           {"economic_buyer", "champion"},
                                                           {"economic_buyer", "technical_buyer", "coach"},
                                                           {"economic_buyer", "technical_buyer", "user_buyer", "coach"},
                                                           {"influencer", "other"}};
  const std::vector<int> covered_of = {0, 1, 2, 3, 4, 0};
  std::vector<std::pair<std::string, std::string>> advocates;  // id, DISC
  for (int i = 0; i < 4; ++i) {
    const std::string disc = discs[static_cast<std::size_t>(i)];
    json::object attributes;
    if (!disc.empty()) attributes["disc_primary"] = disc;
    advocates.emplace_back(Enrol("adv" + std::to_string(i), attributes), disc);
  }
  std::vector<Case> cases;
  std::set<std::size_t> self_referred;
  std::vector<Timestamp> instants;
  for (int day = 0; day < 90; ++day) {
    server_.clock.Advance(24h);
    if (day % 30 == 29) instants.push_back(server_.clock.Now());
    for (int n = 1 + pick(2); n > 0; --n) {
      const std::size_t who = static_cast<std::size_t>(pick(4));
      const auto& [advocate, disc] = advocates[who];
      Case c;
      // Referring oneself (once each) is held for review.
      c.held = pick(8) == 0 && self_referred.insert(who).second;
      const std::string referee =
          c.held ? "adv" + std::to_string(who) + "@advocates.example"
                 : "r" + std::to_string(cases.size()) + "@buyer" + std::to_string(day) + ".example";
      c.referral = Refer(advocate, referee);
      ASSERT_FALSE(c.referral.empty());
      c.submitted = server_.clock.Now();
      c.advocate_disc = disc;
      cases.push_back(c);
    }
    // Each day, a few changes to earlier referrals: a committee, a review, an outcome.
    for (int changes = pick(4); changes > 0 && !cases.empty(); --changes) {
      Case& c = cases[static_cast<std::size_t>(pick(static_cast<int>(cases.size())))];
      const std::string base = "/api/v1/referrals/" + c.referral;
      switch (pick(3)) {
        case 0: {
          const std::size_t roles = static_cast<std::size_t>(pick(static_cast<int>(role_sets.size())));
          Case::Version v{Timestamp{}, discs[static_cast<std::size_t>(pick(5))],
                          seniorities[static_cast<std::size_t>(pick(6))], covered_of[roles]};
          json::object attributes;
          if (!v.disc.empty()) attributes["disc_primary"] = v.disc;
          if (!v.seniority.empty()) attributes["seniority"] = v.seniority;
          json::array role_list;
          for (const auto& r : role_sets[roles]) role_list.emplace_back(r);
          json::object primary = Member("boss@primary.example", role_list, attributes);
          primary["primary"] = true;
          HttpResponse put = Send("PUT", base + "/committee", {{"members", {primary}}});
          ASSERT_LT(put.status, 300) << put.body;
          v.at = server_.clock.Now();
          if (put.status == 201) c.committees.push_back(v);
          break;
        }
        case 1:
          if (c.held && !c.cleared) {
            ASSERT_EQ(Send("POST", base + "/clear", {{"note", "checked"}}).status, 200);
            c.cleared = server_.clock.Now();
          }
          break;
        default:
          if (!c.won && !c.lost) {
            const bool win = pick(2) == 0;
            HttpResponse moved = Send("POST", base + "/stage", {{"stage", win ? "won" : "lost"}});
            ASSERT_EQ(moved.status, 200) << moved.body;
            (win ? c.won : c.lost) = server_.clock.Now();
          }
      }
    }
  }
  ASSERT_GE(cases.size(), 100u);
  // What makes the tally worth checking happened: committees changed over time, held referrals
  // cleared and not, wins and losses.
  auto count = [&](auto predicate) { return std::count_if(cases.begin(), cases.end(), predicate); };
  EXPECT_GE(count([](const Case& c) { return c.committees.size() >= 2; }), 3);
  EXPECT_GE(count([](const Case& c) { return c.held && c.cleared; }), 1);
  EXPECT_GE(count([](const Case& c) { return c.held && !c.cleared; }), 1);
  EXPECT_GE(count([](const Case& c) { return c.won.has_value(); }), 10);
  EXPECT_GE(count([](const Case& c) { return c.lost.has_value(); }), 10);

  const Timestamp from = cases.front().submitted + 10 * 24h;
  for (const Timestamp as_of : instants) {
    for (const std::string attribute : {"disc_primary", "seniority", "roles_covered", "advocate.disc_primary"}) {
      std::map<std::string, Row> expected;
      Row total;
      for (const auto& c : cases) {
        if (c.submitted < from || c.submitted > as_of) continue;
        if (c.held && (!c.cleared || *c.cleared > as_of)) continue;
        Row& row = expected[ValueAsOf(c, attribute, as_of)];
        for (Row* r : {&row, &total}) {
          ++r->referrals;
          if (c.won && *c.won <= as_of) {
            ++r->won;
            r->days.push_back(std::chrono::duration_cast<std::chrono::hours>(*c.won - c.submitted).count() / 24);
          } else if (c.lost && *c.lost <= as_of) {
            ++r->lost;
          }
        }
      }
      json::value report = Get("/api/v1/reports/attribute-outcomes?program_id=" + program_ + "&attribute=" + attribute +
                               "&from=" + FormatTimestamp(from) + "&as_of=" + FormatTimestamp(as_of));
      const std::string where = attribute + " as of " + FormatTimestamp(as_of);
      EXPECT_EQ(report.at("basis"), "cohort");
      EXPECT_EQ(report.at("total").at("referrals"), total.referrals) << where;
      EXPECT_EQ(report.at("total").at("won"), total.won) << where;
      std::int64_t listed = 0;
      for (const auto& v : report.at("values").as_array()) {
        const std::string value(v.at("value").as_string());
        Row row = expected.count(value) ? expected[value] : Row{};
        listed += v.at("referrals").as_int64();
        EXPECT_EQ(v.at("referrals"), row.referrals) << where << " " << value;
        EXPECT_EQ(v.at("won"), row.won) << where << " " << value;
        EXPECT_EQ(v.at("lost"), row.lost) << where << " " << value;
        EXPECT_EQ(v.at("open"), row.referrals - row.won - row.lost) << where << " " << value;
        if (row.referrals == 0) {
          EXPECT_TRUE(v.at("win_rate_bp").is_null()) << where << " " << value;
        } else {
          const std::int64_t bp = (row.won * 20'000 + row.referrals) / (2 * row.referrals);  // half up (positive)
          EXPECT_EQ(v.at("win_rate_bp"), bp) << where << " " << value;
        }
        if (row.days.empty()) {
          EXPECT_TRUE(v.at("median_days_to_won").is_null()) << where << " " << value;
        } else {
          std::sort(row.days.begin(), row.days.end());
          const std::size_t n = row.days.size();
          const std::int64_t median = n % 2 ? row.days[n / 2] : (row.days[n / 2 - 1] + row.days[n / 2]) / 2;
          EXPECT_EQ(v.at("median_days_to_won"), median) << where << " " << value;
        }
      }
      EXPECT_EQ(listed, total.referrals) << where << ": every referral in one row";
    }
  }
  EXPECT_EQ(Send("GET", "/api/v1/reports/attribute-outcomes?program_id=" + program_ + "&attribute=colour").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/reports/attribute-outcomes?program_id=" + program_).status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/reports/attribute-outcomes?program_id=prg_nope&attribute=disc_primary").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/reports/attribute-outcomes?program_id=" + program_ +
                            "&attribute=disc_primary&from=2027-01-02&to=2027-01-01")
                .status,
            422);
}

}  // namespace
}  // namespace bb::testing
