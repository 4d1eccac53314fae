// NPS answers (store/nps.h) on every backend: each person's latest answer in a range counts once
// (a later answer outside the range does not replace it; equal times are settled by id), matched to
// the program's advocate of the same normalized email, with the referrals they submitted in
// (answered_at, answered_at + window] — a rejected one, one of another program's advocate, one at
// the answer's instant and one a microsecond past the window left out; a won referral's deal, and
// whether it is in the program's currency.

#include <algorithm>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/nps.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class NpsConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ada_ = MakeAdvocate(north_, MakePerson("ada"));
    ASSERT_OK(InsertProgramWithAdvocates(north_, {ada_}));
    domain::Advocate ada_south = MakeAdvocate(south_, ada_.person);
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertProgram(south_));
      return tx.InsertAdvocate(ada_south);
    }));
    ada_south_ = ada_south;
  }

  void Answer(const domain::Program& program, const char* email, int score, const char* at) {
    domain::NpsResponseInput input;
    input.email = email;
    input.score = score;
    input.answered_at = At(at);
    auto response = domain::BuildNpsResponse(NewId(domain::kNpsResponsePrefix, At(at)), program.id, input, "usr_1",
                                             At("2026-12-01T00:00:00Z"));
    ASSERT_TRUE(response.ok()) << response.error().message();
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertNpsResponse(*response); }));
  }

  void Refer(const domain::Advocate& advocate, const char* key, const char* at,
             domain::ReferralStage stage = domain::ReferralStage::kSubmitted) {
    domain::Referral r = MakeReferral(advocate, std::string(key) + "@globex.example", At(at));
    r.stage = stage;
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferral(r); }));
  }

  std::vector<domain::Respondent> Respondents(const domain::Program& program, const char* from, const char* before) {
    auto out =
        Get([&](Queries& q) { return q.ListNpsRespondents(program.id, At(from), At(before), std::chrono::days(90)); });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.answered_at < b.answered_at; });
    for (auto& r : out) {
      std::sort(r.referrals.begin(), r.referrals.end(),
                [](const auto& a, const auto& b) { return a.submitted_at < b.submitted_at; });
    }
    return out;
  }

  domain::Program north_;
  domain::Program south_;
  domain::Advocate ada_;
  domain::Advocate ada_south_;
};

TEST_P(NpsConformanceTest, EachPersonsLatestAnswerWithTheReferralsOfTheWindow) {
  Answer(north_, "ADA@example.com", 3, "2026-01-05T00:00:00Z");    // replaced by her later answer
  Answer(north_, "ada@example.com ", 10, "2026-01-10T12:00:00Z");  // her latest in January
  Answer(north_, "ada@example.com", 0, "2026-02-01T00:00:00Z");    // after the range
  Answer(north_, "bob@example.com", 8, "2026-01-20T00:00:00Z");    // not an advocate
  Answer(south_, "cy@example.com", 9, "2026-01-11T00:00:00Z");     // another program's

  Refer(ada_, "a", "2026-01-10T12:00:00Z");         // at the answer's instant: not after it
  Refer(ada_, "b", "2026-01-10T12:00:00.000001Z");  // the first microsecond after
  Refer(ada_, "c", "2026-04-10T12:00:00Z");         // the window's last instant (90 days)
  Refer(ada_, "d", "2026-04-10T12:00:00.000001Z");  // past it
  Refer(ada_, "e", "2026-02-10T00:00:00Z", domain::ReferralStage::kRejected);
  Refer(ada_south_, "f", "2026-01-12T00:00:00Z");  // as south's advocate

  auto january = Respondents(north_, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  ASSERT_EQ(january.size(), 2u);
  EXPECT_EQ(january[0],
            (domain::Respondent{
                10, At("2026-01-10T12:00:00Z"), {{At("2026-01-10T12:00:00.000001Z")}, {At("2026-04-10T12:00:00Z")}}}));
  EXPECT_EQ(january[1], (domain::Respondent{8, At("2026-01-20T00:00:00Z"), {}}));

  auto to_march = Respondents(north_, "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z");
  ASSERT_EQ(to_march.size(), 2u) << "ada once, with her February answer";
  EXPECT_EQ(to_march[1].score, 0);
  EXPECT_EQ(to_march[1].referrals, (std::vector<domain::RespondentReferral>{{At("2026-04-10T12:00:00Z")},
                                                                            {At("2026-04-10T12:00:00.000001Z")}}))
      << "in (February 1, May 2]: c and d; b is before, e rejected";

  EXPECT_TRUE(Respondents(north_, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z").empty());
}

TEST_P(NpsConformanceTest, AReferralWonNowCarriesItsDealAndWhetherItIsInTheProgramsCurrency) {
  Answer(north_, "ada@example.com", 10, "2026-01-10T12:00:00Z");
  auto won = [&](const char* key, const char* at, std::int64_t value, const std::string& currency) {
    domain::Referral r = MakeReferral(ada_, std::string(key) + "@globex.example", At(at));
    r.stage = domain::ReferralStage::kWon;
    r.deal_value_minor = value;
    r.deal_currency = currency;
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferral(r); }));
  };
  won("g", "2026-01-11T00:00:00Z", 250'000, north_.currency);
  won("h", "2026-01-12T00:00:00Z", 90'000, north_.currency == "EUR" ? "USD" : "EUR");
  Refer(ada_, "i", "2026-01-13T00:00:00Z");
  auto january = Respondents(north_, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  ASSERT_EQ(january.size(), 1u);
  EXPECT_EQ(january[0].referrals,
            (std::vector<domain::RespondentReferral>{{At("2026-01-11T00:00:00Z"), true, 250'000, true},
                                                     {At("2026-01-12T00:00:00Z"), true, 90'000, false},
                                                     {At("2026-01-13T00:00:00Z"), false, 0, true}}));
}

TEST_P(NpsConformanceTest, AnswersAtTheSameInstantAreSettledById) {
  Answer(north_, "ada@example.com", 2, "2026-01-10T12:00:00Z");
  Answer(north_, "ada@example.com", 9, "2026-01-10T12:00:00Z");  // a greater id: the later record
  auto respondents = Respondents(north_, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  ASSERT_EQ(respondents.size(), 1u);
  EXPECT_EQ(respondents[0].score, 9);
}

// Regression: the latest answer was found by scanning every earlier answer of the person for each
// of them (quadratic in one address's answers: 15 s for 20,000 on SQLite). The answer found must
// not change with the index seek that replaced it.
TEST_P(NpsConformanceTest, ThePersonsLatestOfManyAnswers) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (int i = 0; i < 500; ++i) {
      domain::NpsResponseInput input;
      input.email = "ada@example.com";
      input.score = i % 11;
      input.answered_at = At("2026-01-01T00:00:00Z") + std::chrono::minutes(i / 2);  // pairs at one instant
      auto response = domain::BuildNpsResponse(NewId(domain::kNpsResponsePrefix, *input.answered_at), north_.id, input,
                                               "usr_1", At("2026-12-01T00:00:00Z"));
      BB_RETURN_IF_ERROR(StatusOf(response));
      BB_RETURN_IF_ERROR(tx.InsertNpsResponse(*response));
    }
    return Ok();
  }));
  auto respondents = Respondents(north_, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  ASSERT_EQ(respondents.size(), 1u);
  EXPECT_EQ(respondents[0].score, 499 % 11) << "the second of the last pair";
  auto latest = Get([&](Queries& q) { return q.FindLatestNpsResponseId(north_.id, "ada@example.com"); });
  ASSERT_TRUE(latest.has_value());
}

TEST_P(NpsConformanceTest, AnAnswerIsFoundByIdAndItsScoreAndReasonMayChangeLater) {
  Answer(north_, "Dee@Example.com", 3, "2026-01-10T12:00:00Z");
  auto id = Get([&](Queries& q) { return q.FindLatestNpsResponseId(north_.id, "dee@example.com"); });
  ASSERT_TRUE(id);
  auto found = Get([&](Queries& q) { return q.FindNpsResponse(*id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "Dee@Example.com");
  EXPECT_EQ(found->person_key, "dee@example.com");
  EXPECT_EQ(found->score, 3);
  EXPECT_EQ(found->answered_at, At("2026-01-10T12:00:00Z"));
  domain::NpsResponse changed = *found;
  changed.score = 7;
  changed.comment = "Invoices ✗ wrong.";
  changed.email = "someone@else.example";  // not changed by UpdateNpsAnswer
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateNpsAnswer(changed); }));
  domain::NpsResponse expected = *found;
  expected.score = 7;
  expected.comment = "Invoices ✗ wrong.";
  EXPECT_EQ(Get([&](Queries& q) { return q.FindNpsResponse(*id); }), expected) << "only the score and comment";
  EXPECT_EQ(Get([&](Queries& q) { return q.FindNpsResponse("nps_unknown"); }), std::nullopt);
}

TEST_P(NpsConformanceTest, FollowupTasksAreKeptOncePerAnswerAndListedNewestFirst) {
  Answer(north_, "dee@example.com", 2, "2026-01-10T12:00:00Z");
  Answer(north_, "eve@example.com", 5, "2026-01-11T12:00:00Z");
  Answer(south_, "fay@example.com", 0, "2026-01-12T12:00:00Z");
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListFollowupTasks(FollowupQuery{}); }).empty());
  auto task = [&](const char* response_id, const char* at, std::string owner) {
    domain::NpsResponse r;
    r.id = response_id;
    r.program_id = north_.id;
    r.email = "dee@example.com";
    r.score = 2;
    r.answered_at = At(at);
    r.recorded_at = At(at);
    r.recorded_by = "usr_1";
    return *domain::FollowupFor(r, NewId(domain::kFollowupTaskPrefix, At(at)), std::nullopt, std::move(owner));
  };
  // The answers' ids, as stored.
  auto ids = Get([&](Queries& q) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    for (const char* email : {"dee@example.com", "eve@example.com"}) {
      BB_ASSIGN_OR_RETURN(auto id, q.FindLatestNpsResponseId(north_.id, email));
      out.push_back(id.value_or(""));
    }
    return out;
  });
  domain::FollowupTask first = task(ids[0].c_str(), "2026-01-10T12:00:00Z", "usr_rep");
  domain::FollowupTask second = task(ids[1].c_str(), "2026-01-11T12:00:00Z", "");
  second.advocate_id = ada_.id;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertFollowupTask(first));
    return tx.InsertFollowupTask(second);
  }));
  domain::FollowupTask again = task(ids[0].c_str(), "2026-01-13T12:00:00Z", "");
  Status twice = Write([&](Tx& tx) { return tx.InsertFollowupTask(again); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict) << "one task per answer";

  EXPECT_EQ(Get([&](Queries& q) { return q.ListFollowupTasks(FollowupQuery{north_.id}); }),
            (std::vector<domain::FollowupTask>{second, first}))
      << "newest first, every field kept";
  EXPECT_EQ(Get([&](Queries& q) {
              return q.ListFollowupTasks(FollowupQuery{"", std::nullopt, "usr_rep"});
            }),
            std::vector<domain::FollowupTask>{first});
  EXPECT_EQ(Get([&](Queries& q) {
              return q.ListFollowupTasks(FollowupQuery{.program_id = north_.id, .before_id = second.id});
            }),
            std::vector<domain::FollowupTask>{first})
      << "before an id";
  EXPECT_EQ(
      Get([&](Queries& q) { return q.ListFollowupTasks(FollowupQuery{.nps_response_id = second.nps_response_id}); }),
      std::vector<domain::FollowupTask>{second})
      << "an answer's";

  ASSERT_TRUE(domain::ApplyFollowupChange(first, {"closed", "Called back."}, "usr_2", At("2026-01-12T09:00:00Z")).ok());
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateFollowupTask(first); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindFollowupTask(first.id); }), first);
  EXPECT_EQ(Get([&](Queries& q) {
              return q.ListFollowupTasks(FollowupQuery{north_.id, domain::FollowupStatus::kOpen});
            }),
            std::vector<domain::FollowupTask>{second});

  // How they went: `first` closed before its deadline, `second` (due 2026-01-13T12:00) open.
  auto count = [&](const char* from, const char* before, Timestamp now) {
    return Get([&](Queries& q) { return q.CountFollowupTasks(north_.id, At(from), At(before), now); });
  };
  const Timestamp due = At("2026-01-13T12:00:00Z");
  EXPECT_EQ(count("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", due),
            (domain::FollowupFigures{.opened = 2, .contacted_on_time = 1, .waiting = 1, .closed = 1}))
      << "due at this very instant: not yet overdue";
  EXPECT_EQ(count("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", due + std::chrono::microseconds(1)),
            (domain::FollowupFigures{.opened = 2, .contacted_on_time = 1, .overdue = 1, .closed = 1}));
  EXPECT_EQ(count("2026-01-11T12:00:00Z", "2026-02-01T00:00:00Z", due).opened, 1) << "from is inclusive";
  EXPECT_EQ(count("2026-01-01T00:00:00Z", "2026-01-11T12:00:00Z", due).opened, 1) << "to is exclusive";
  EXPECT_EQ(Get([&](Queries& q) {
              return q.CountFollowupTasks(south_.id, At("2026-01-01T00:00:00Z"), At("2026-02-01T00:00:00Z"), due);
            }),
            domain::FollowupFigures{})
      << "another program's";
  ASSERT_TRUE(
      domain::ApplyFollowupChange(second, {"contacted", std::nullopt}, "usr_2", due + std::chrono::hours(1)).ok());
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateFollowupTask(second); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindFollowupTask(second.id); }), second) << "contacted_at kept";
  EXPECT_EQ(count("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", due + std::chrono::hours(2)),
            (domain::FollowupFigures{.opened = 2, .contacted_on_time = 1, .contacted_late = 1, .closed = 1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, NpsConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
