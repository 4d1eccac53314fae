// Follow-up tasks (domain/followup_task.h): a detractor's answer asks for one, due 48 hours after
// it was answered (research §4.5.3), a passive's or a promoter's does not; its status moves until
// it is closed, and a closed one stays closed.

#include "domain/followup_task.h"

#include <gtest/gtest.h>

#include "common/time_format.h"

namespace bb::domain {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

NpsResponse Answered(int score) {
  NpsResponse r;
  r.id = "nps_1";
  r.program_id = "prg_1";
  r.email = "Dee@Customer.example";
  r.person_key = "dee@customer.example";
  r.score = score;
  r.comment = "Slow support.";
  r.answered_at = At("2026-02-27T10:00:00Z");
  r.recorded_by = "key_1";
  r.recorded_at = At("2026-03-01T00:00:00Z");
  return r;
}

TEST(FollowupTaskTest, ADetractorsAnswerAsksForOneDueFortyEightHoursLater) {
  auto task = FollowupFor(Answered(6), "fup_1", "adv_1", "usr_rep");
  ASSERT_TRUE(task.has_value());
  EXPECT_EQ(task->nps_response_id, "nps_1");
  EXPECT_EQ(task->status, FollowupStatus::kOpen);
  EXPECT_EQ(task->due_at, At("2026-03-01T10:00:00Z")) << "across the end of February";
  EXPECT_EQ(task->owner_id, "usr_rep");
  EXPECT_EQ(task->comment, "Slow support.");
  EXPECT_EQ(task->answered_at, At("2026-02-27T10:00:00Z"));
  EXPECT_EQ(task->contacted_at, std::nullopt);
  EXPECT_EQ(FollowupFor(Answered(0), "fup_2", std::nullopt, "").has_value(), true);
  EXPECT_EQ(FollowupFor(Answered(7), "fup_3", std::nullopt, ""), std::nullopt) << "a passive";
  EXPECT_EQ(FollowupFor(Answered(10), "fup_4", std::nullopt, ""), std::nullopt) << "a promoter";
}

TEST(FollowupTaskTest, AnAnswerRecordedMoreThanThirtyDaysAfterItWasGivenAsksForNone) {
  NpsResponse answer = Answered(2);
  answer.recorded_at = answer.answered_at + kFollowupMaxAnswerAge;
  EXPECT_TRUE(FollowupFor(answer, "fup_1", std::nullopt, "").has_value()) << "exactly 30 days: still";
  answer.recorded_at += std::chrono::microseconds(1);
  EXPECT_EQ(FollowupFor(answer, "fup_1", std::nullopt, ""), std::nullopt) << "an import of old history";
}

TEST(FollowupTaskTest, TheFirstMoveOutOfOpenIsWhenThePersonWasContacted) {
  FollowupTask task = *FollowupFor(Answered(3), "fup_1", std::nullopt, "");
  ASSERT_TRUE(ApplyFollowupChange(task, {std::nullopt, "Left a message."}, "usr_1", At("2026-03-01T08:00:00Z")).ok());
  EXPECT_EQ(task.contacted_at, std::nullopt) << "a note alone contacts nobody";
  ASSERT_TRUE(ApplyFollowupChange(task, {"contacted", std::nullopt}, "usr_1", At("2026-03-01T09:00:00Z")).ok());
  ASSERT_TRUE(ApplyFollowupChange(task, {"open", std::nullopt}, "usr_1", At("2026-03-02T09:00:00Z")).ok());
  ASSERT_TRUE(ApplyFollowupChange(task, {"closed", std::nullopt}, "usr_1", At("2026-03-04T09:00:00Z")).ok());
  EXPECT_EQ(task.contacted_at, At("2026-03-01T09:00:00Z")) << "kept through a reopening";

  FollowupTask closed_at_once = *FollowupFor(Answered(3), "fup_2", std::nullopt, "");
  ASSERT_TRUE(ApplyFollowupChange(closed_at_once, {"closed", std::nullopt}, "usr_1", At("2026-03-05T00:00:00Z")).ok());
  EXPECT_EQ(closed_at_once.contacted_at, At("2026-03-05T00:00:00Z"));
}

TEST(FollowupTaskTest, TheOnTimeShareIsOfTheTasksWhoseDeadlineCame) {
  FollowupFigures none;
  EXPECT_EQ(WithOnTimeShare(none).on_time_bp, std::nullopt);
  FollowupFigures waiting_only{.opened = 3, .waiting = 3};
  EXPECT_EQ(WithOnTimeShare(waiting_only).on_time_bp, std::nullopt) << "no deadline came yet";
  // 2 on time, 1 late, 3 overdue, 4 waiting: 2 / 6 = 3,333.33 bp.
  FollowupFigures f{.opened = 10, .contacted_on_time = 2, .contacted_late = 1, .overdue = 3, .waiting = 4};
  EXPECT_EQ(WithOnTimeShare(f).on_time_bp, 3'333);
  FollowupFigures two_thirds{.opened = 3, .contacted_on_time = 2, .overdue = 1};
  EXPECT_EQ(WithOnTimeShare(two_thirds).on_time_bp, 6'667) << "half away from zero";
}

TEST(FollowupTaskTest, AChangedAnswerClosesAnUntouchedTaskAndOpensItAgainAsADetractor) {
  FollowupTask task = *FollowupFor(Answered(3), "fup_1", std::nullopt, "");
  EXPECT_TRUE(FollowAnswerChange(task, 9, "", "cmp_1", At("2026-03-01T01:00:00Z")));
  EXPECT_EQ(task.status, FollowupStatus::kClosed) << "a promoter's now: no longer needed";
  EXPECT_EQ(task.closed_at, At("2026-03-01T01:00:00Z"));
  EXPECT_EQ(task.contacted_at, std::nullopt) << "nobody contacted them";
  EXPECT_EQ(task.note, "The answer was changed to 9 out of 10: no follow-up needed.");
  EXPECT_EQ(task.score, 9);
  EXPECT_TRUE(FollowAnswerChange(task, 2, "Worse.", "cmp_1", At("2026-03-01T02:00:00Z")));
  EXPECT_EQ(task.status, FollowupStatus::kOpen) << "a detractor's again";
  EXPECT_EQ(task.closed_at, std::nullopt);
  EXPECT_EQ(task.note, "");
  EXPECT_EQ(task.comment, "Worse.");
  EXPECT_EQ(task.due_at, At("2026-03-01T10:00:00Z")) << "still due 48 hours after the answer";
  EXPECT_FALSE(FollowAnswerChange(task, 2, "Worse.", "cmp_1", At("2026-03-01T03:00:00Z"))) << "nothing changed";

  // Someone on it keeps it, whatever the new score.
  ASSERT_TRUE(ApplyFollowupChange(task, {"contacted", "Called."}, "usr_1", At("2026-03-01T04:00:00Z")).ok());
  EXPECT_TRUE(FollowAnswerChange(task, 10, "", "cmp_1", At("2026-03-01T05:00:00Z")));
  EXPECT_EQ(task.status, FollowupStatus::kContacted);
  EXPECT_EQ(task.note, "Called.");
  EXPECT_EQ(task.score, 10);
}

TEST(FollowupTaskTest, OpenThenContactedThenClosedForGood) {
  FollowupTask task = *FollowupFor(Answered(3), "fup_1", std::nullopt, "");
  ASSERT_TRUE(
      ApplyFollowupChange(task, {"contacted", " Called; a fix is promised. "}, "usr_1", At("2026-03-01T09:00:00Z"))
          .ok());
  EXPECT_EQ(task.status, FollowupStatus::kContacted);
  EXPECT_EQ(task.note, "Called; a fix is promised.");
  EXPECT_EQ(task.closed_at, std::nullopt);
  ASSERT_TRUE(ApplyFollowupChange(task, {"closed", std::nullopt}, "usr_2", At("2026-03-02T09:00:00Z")).ok());
  EXPECT_EQ(task.closed_at, At("2026-03-02T09:00:00Z"));
  EXPECT_EQ(task.updated_by, "usr_2");
  EXPECT_EQ(task.note, "Called; a fix is promised.") << "a change without a note keeps it";

  FollowupTask before = task;
  Status reopened = ApplyFollowupChange(task, {"open", std::nullopt}, "usr_1", At("2026-03-03T09:00:00Z"));
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(task, before) << "unchanged on failure";
}

TEST(FollowupTaskTest, BadChangesNameTheirField) {
  FollowupTask task = *FollowupFor(Answered(3), "fup_1", std::nullopt, "");
  FollowupTask before = task;
  Status bad = ApplyFollowupChange(task, {"done", std::string(2001, 'x')}, "usr_1", At("2026-03-01T09:00:00Z"));
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(bad.error().fields()[0].field, "status");
  EXPECT_EQ(bad.error().fields()[1].field, "note");
  EXPECT_EQ(task, before);
}

}  // namespace
}  // namespace bb::domain
