#include "domain/access.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "domain/advocate.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

constexpr Role kRoles[] = {Role::kAdmin, Role::kManager, Role::kSalesRep, Role::kViewer};
constexpr Action kActions[] = {Action::kReadPrograms,    Action::kManagePrograms,  Action::kReadAdvocates,
                               Action::kEnrollAdvocates, Action::kManageAdvocates, Action::kManageAccess,
                               Action::kSubmitReferrals, Action::kReadReferrals,   Action::kMoveReferrals,
                               Action::kReviewReferrals, Action::kReadRewards,     Action::kManageRewards};

Actor User(Role role, std::string id = "usr_1") { return {Actor::Kind::kUser, std::move(id), role}; }

// The documented matrix (access.h): which roles may perform each action at all.
const std::map<Action, std::set<Role>>& Allowed() {
  static const std::map<Action, std::set<Role>> allowed = {
      {Action::kReadPrograms, {Role::kAdmin, Role::kManager, Role::kSalesRep, Role::kViewer}},
      {Action::kManagePrograms, {Role::kAdmin, Role::kManager}},
      {Action::kReadAdvocates, {Role::kAdmin, Role::kManager, Role::kSalesRep, Role::kViewer}},
      {Action::kEnrollAdvocates, {Role::kAdmin, Role::kManager, Role::kSalesRep}},
      // Sales reps may manage their own advocates; AuthorizeAdvocate narrows it to those.
      {Action::kManageAdvocates, {Role::kAdmin, Role::kManager, Role::kSalesRep}},
      {Action::kManageAccess, {Role::kAdmin}},
      // Sales reps: for their own advocates; AuthorizeAdvocateObject narrows it to those.
      {Action::kSubmitReferrals, {Role::kAdmin, Role::kManager, Role::kSalesRep}},
      {Action::kReadReferrals, {Role::kAdmin, Role::kManager, Role::kSalesRep, Role::kViewer}},
      {Action::kMoveReferrals, {Role::kAdmin, Role::kManager, Role::kSalesRep}},
      {Action::kReviewReferrals, {Role::kAdmin, Role::kManager}},
      {Action::kReadRewards, {Role::kAdmin, Role::kManager, Role::kSalesRep, Role::kViewer}},
      {Action::kManageRewards, {Role::kAdmin, Role::kManager}},
  };
  return allowed;
}

Advocate EnrolledBy(std::string enrolled_by) {
  Advocate advocate;
  advocate.id = "adv_1";
  advocate.enrolled_by = std::move(enrolled_by);
  return advocate;
}

TEST(Role, RoundTripsThroughText) {
  for (Role role : kRoles) EXPECT_EQ(ParseRole(ToString(role)), role);
  EXPECT_EQ(ToString(Role::kSalesRep), "sales_rep");
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("owner").has_value());
}

TEST(Actor, AnonymousIsNotStaffAndSystemIsAnAdmin) {
  EXPECT_FALSE(Actor::Anonymous().IsStaff());
  Actor system = Actor::System();
  EXPECT_TRUE(system.IsStaff());
  EXPECT_EQ(system.role, Role::kAdmin);
  EXPECT_EQ(system.kind, Actor::Kind::kSystem);
}

TEST(Authorize, FollowsTheRoleMatrixForUsersAndApiKeys) {
  for (Actor::Kind kind : {Actor::Kind::kUser, Actor::Kind::kApiKey}) {
    for (Role role : kRoles) {
      for (Action action : kActions) {
        Actor actor{kind, "id_1", role};
        Status status = Authorize(actor, action);
        bool expected = Allowed().at(action).count(role) == 1;
        EXPECT_EQ(status.ok(), expected) << ToString(role) << " action " << static_cast<int>(action);
        if (!expected && !status.ok()) {
          EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied) << ToString(role);
        }
      }
    }
  }
}

TEST(Authorize, RefusesAnonymousActorsAsUnauthenticated) {
  for (Action action : kActions) {
    Status status = Authorize(Actor::Anonymous(), action);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kUnauthenticated);
  }
}

TEST(Authorize, AllowsTheSystemActorEverything) {
  for (Action action : kActions) EXPECT_TRUE(Authorize(Actor::System(), action).ok());
}

TEST(AuthorizeAdvocate, LetsSalesRepsSeeOnlyTheirOwnAdvocates) {
  Actor rep = User(Role::kSalesRep, "usr_rep");
  for (Action action : {Action::kReadAdvocates, Action::kManageAdvocates}) {
    EXPECT_TRUE(AuthorizeAdvocate(rep, action, EnrolledBy("usr_rep")).ok());
    for (const char* other : {"usr_other", "", "key_1"}) {
      Status status = AuthorizeAdvocate(rep, action, EnrolledBy(other));
      ASSERT_FALSE(status.ok()) << other;
      EXPECT_EQ(status.error().code(), ErrorCode::kNotFound) << other;
    }
  }
}

TEST(AuthorizeAdvocate, LetsOtherStaffSeeEveryAdvocate) {
  for (Role role : {Role::kAdmin, Role::kManager, Role::kViewer}) {
    EXPECT_TRUE(AuthorizeAdvocate(User(role), Action::kReadAdvocates, EnrolledBy("usr_other")).ok());
  }
  for (Role role : {Role::kAdmin, Role::kManager}) {
    EXPECT_TRUE(AuthorizeAdvocate(User(role), Action::kManageAdvocates, EnrolledBy("usr_other")).ok());
  }
}

TEST(AuthorizeAdvocate, ChecksTheRoleFirst) {
  Status viewer = AuthorizeAdvocate(User(Role::kViewer), Action::kManageAdvocates, EnrolledBy("usr_1"));
  ASSERT_FALSE(viewer.ok());
  EXPECT_EQ(viewer.error().code(), ErrorCode::kPermissionDenied);
  Status anonymous = AuthorizeAdvocate(Actor::Anonymous(), Action::kReadAdvocates, EnrolledBy(""));
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kUnauthenticated);
}

Advocate AdvocateWithId(std::string id, std::string enrolled_by = "usr_rep") {
  Advocate advocate;
  advocate.id = std::move(id);
  advocate.enrolled_by = std::move(enrolled_by);
  return advocate;
}

constexpr Action kAdvocateReads[] = {Action::kReadReferrals, Action::kReadRewards};

TEST(Authorize, EveryActionIsInTheMatrix) {
  EXPECT_EQ(Allowed().size(), std::size(kActions));
  for (Action action : kActions) EXPECT_EQ(Allowed().count(action), 1u) << static_cast<int>(action);
}

TEST(Actor, ForAdvocateIsAnAdvocateAndNotStaff) {
  Actor advocate = Actor::ForAdvocate("adv_1");
  EXPECT_EQ(advocate.kind, Actor::Kind::kAdvocate);
  EXPECT_EQ(advocate.id, "adv_1");
  EXPECT_TRUE(advocate.IsAdvocate());
  EXPECT_FALSE(advocate.IsStaff());
  for (Actor other : {Actor::Anonymous(), Actor::System(), User(Role::kAdmin)}) EXPECT_FALSE(other.IsAdvocate());
}

TEST(Authorize, RefusesAdvocatesEveryStaffAction) {
  for (Action action : kActions) {
    Status status = Authorize(Actor::ForAdvocate("adv_1"), action);
    ASSERT_FALSE(status.ok()) << static_cast<int>(action);
    EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied) << static_cast<int>(action);
  }
}

TEST(AuthorizeAdvocate, RefusesAdvocatesEvenForThemselves) {
  for (Action action : {Action::kReadAdvocates, Action::kManageAdvocates}) {
    Status status = AuthorizeAdvocate(Actor::ForAdvocate("adv_1"), action, AdvocateWithId("adv_1"));
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied);
  }
}

TEST(AuthorizeAdvocateObject, LetsAnAdvocateReadTheirOwnReferralsAndRewards) {
  for (Action action : kAdvocateReads) {
    EXPECT_TRUE(AuthorizeAdvocateObject(Actor::ForAdvocate("adv_1"), action, AdvocateWithId("adv_1"), "No such.").ok())
        << static_cast<int>(action);
  }
}

TEST(AuthorizeAdvocateObject, HidesOtherAdvocatesObjectsFromAnAdvocate) {
  for (Action action : kAdvocateReads) {
    for (const char* other : {"adv_2", "", "ADV_1", "adv_10"}) {
      Status status = AuthorizeAdvocateObject(Actor::ForAdvocate("adv_1"), action, AdvocateWithId(other),
                                              "No referral with this id.");
      ASSERT_FALSE(status.ok()) << other;
      EXPECT_EQ(status.error().code(), ErrorCode::kNotFound) << other;
      EXPECT_EQ(status.error().message(), "No referral with this id.") << other;
    }
  }
}

TEST(AuthorizeAdvocateObject, LetsAnAdvocateDoNothingButRead) {
  for (Action action : kActions) {
    if (action == Action::kReadReferrals || action == Action::kReadRewards) continue;
    for (const char* owner : {"adv_1", "adv_2"}) {
      Status status = AuthorizeAdvocateObject(Actor::ForAdvocate("adv_1"), action, AdvocateWithId(owner), "No such.");
      ASSERT_FALSE(status.ok()) << static_cast<int>(action) << " " << owner;
      EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied) << static_cast<int>(action) << " " << owner;
    }
  }
}

TEST(AuthorizeAdvocateObject, LetsSalesRepsActOnlyOnTheirOwnAdvocatesObjects) {
  Actor rep = User(Role::kSalesRep, "usr_rep");
  for (Action action :
       {Action::kSubmitReferrals, Action::kReadReferrals, Action::kMoveReferrals, Action::kReadRewards}) {
    EXPECT_TRUE(AuthorizeAdvocateObject(rep, action, AdvocateWithId("adv_1", "usr_rep"), "No such.").ok())
        << static_cast<int>(action);
    Status status = AuthorizeAdvocateObject(rep, action, AdvocateWithId("adv_1", "usr_other"), "No reward here.");
    ASSERT_FALSE(status.ok()) << static_cast<int>(action);
    EXPECT_EQ(status.error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(status.error().message(), "No reward here.");
  }
}

TEST(AuthorizeAdvocateObject, LetsOtherStaffActOnAnyAdvocatesObjectsByRole) {
  Advocate someone_elses = AdvocateWithId("adv_1", "usr_other");
  for (Role role : {Role::kAdmin, Role::kManager, Role::kViewer}) {
    for (Action action : kActions) {
      Status status = AuthorizeAdvocateObject(User(role), action, someone_elses, "No such.");
      bool expected = Allowed().at(action).count(role) == 1;
      EXPECT_EQ(status.ok(), expected) << ToString(role) << " action " << static_cast<int>(action);
      if (!expected && !status.ok()) {
        EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied);
      }
    }
  }
}

TEST(AuthorizeAdvocateObject, ChecksTheRoleBeforeTheOwner) {
  Actor rep = User(Role::kSalesRep, "usr_rep");
  for (Action action : {Action::kReviewReferrals, Action::kManageRewards}) {
    for (const char* enrolled_by : {"usr_rep", "usr_other"}) {
      Status status = AuthorizeAdvocateObject(rep, action, AdvocateWithId("adv_1", enrolled_by), "No such.");
      ASSERT_FALSE(status.ok());
      EXPECT_EQ(status.error().code(), ErrorCode::kPermissionDenied) << enrolled_by;
    }
  }
  Status viewer = AuthorizeAdvocateObject(User(Role::kViewer), Action::kMoveReferrals, AdvocateWithId("adv_1"), "x");
  ASSERT_FALSE(viewer.ok());
  EXPECT_EQ(viewer.error().code(), ErrorCode::kPermissionDenied);
  Status anonymous = AuthorizeAdvocateObject(Actor::Anonymous(), Action::kReadReferrals, AdvocateWithId("adv_1"), "x");
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kUnauthenticated);
}

class SessionIsLiveTest : public ::testing::Test {
 protected:
  const SessionPolicy policy_{30min, 12h};
  const Timestamp created_ = FromMicros(1'767'225'600'000'000);
};

TEST_F(SessionIsLiveTest, IsLiveRightAfterSignIn) { EXPECT_TRUE(SessionIsLive(policy_, created_, created_, created_)); }

TEST_F(SessionIsLiveTest, EndsExactlyWhenIdleForTheIdleTime) {
  EXPECT_TRUE(SessionIsLive(policy_, created_, created_, created_ + 30min - 1us));
  EXPECT_FALSE(SessionIsLive(policy_, created_, created_, created_ + 30min));
  Timestamp seen = created_ + 2h;
  EXPECT_TRUE(SessionIsLive(policy_, created_, seen, seen + 30min - 1us));
  EXPECT_FALSE(SessionIsLive(policy_, created_, seen, seen + 30min));
}

TEST_F(SessionIsLiveTest, EndsAtTheAbsoluteLimitEvenWhenInUse) {
  Timestamp seen = created_ + 12h - 1min;
  EXPECT_TRUE(SessionIsLive(policy_, created_, seen, created_ + 12h - 1us));
  EXPECT_FALSE(SessionIsLive(policy_, created_, seen, created_ + 12h));
  EXPECT_FALSE(SessionIsLive(policy_, created_, created_ + 12h, created_ + 12h));
}

TEST(CheckPassword, AcceptsTwelveTo256Characters) {
  EXPECT_EQ(CheckPassword(std::string(12, 'p')), "");
  EXPECT_EQ(CheckPassword(std::string(256, 'p')), "");
  EXPECT_EQ(CheckPassword("correct horse battery staple"), "");
}

TEST(CheckPassword, RejectsTooShortAndTooLong) {
  EXPECT_NE(CheckPassword(""), "");
  EXPECT_NE(CheckPassword(std::string(11, 'p')), "");
  EXPECT_NE(CheckPassword(std::string(257, 'p')), "");
}

}  // namespace
}  // namespace bb::domain
