// The storage conformance suite for the outbox and webhook endpoints (see conformance.h):
// endpoints and items keep every field; claims take only pending items due at `now`, oldest due
// first, under a lease that lapses when a worker dies, and never give one item to two claimants
// (even from two stores at once); attempts move an item only while the reporter still holds it
// (a late success still counts); replays, kills, the due check and the queue's figures.

#include <latch>
#include <map>

#include "conformance.h"
#include "domain/outbox.h"
#include "domain/webhook.h"

namespace bb::domain {
// Readable failure messages (internal linkage: other files may print these types their own way).
static void PrintTo(OutboxKind kind, std::ostream* os) { *os << ToString(kind); }
static void PrintTo(OutboxState state, std::ostream* os) { *os << ToString(state); }
}  // namespace bb::domain

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::OutboxAttempt;
using domain::OutboxItem;
using domain::OutboxKind;
using domain::OutboxState;
using domain::WebhookEndpoint;

// Optional times as microseconds, so that failures print them.
std::optional<std::int64_t> Micros(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return ToMicros(*at);
}

void ExpectSameEndpoint(const WebhookEndpoint& actual, const WebhookEndpoint& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.url, expected.url);
  EXPECT_EQ(actual.description, expected.description);
  EXPECT_EQ(actual.events, expected.events);
  EXPECT_EQ(actual.secret, expected.secret);
  EXPECT_EQ(actual.previous_secret, expected.previous_secret);
  EXPECT_EQ(Micros(actual.previous_secret_until), Micros(expected.previous_secret_until));
  EXPECT_EQ(actual.enabled, expected.enabled);
  EXPECT_EQ(actual.disabled_reason, expected.disabled_reason);
  EXPECT_EQ(Micros(actual.failing_since), Micros(expected.failing_since));
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.updated_at), ToMicros(expected.updated_at));
}

void ExpectSameItem(const OutboxItem& actual, const OutboxItem& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.target, expected.target);
  EXPECT_EQ(actual.message_id, expected.message_id);
  EXPECT_EQ(actual.event_type, expected.event_type);
  EXPECT_EQ(actual.payload, expected.payload);
  EXPECT_EQ(actual.state, expected.state);
  EXPECT_EQ(actual.attempts, expected.attempts);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.next_attempt_at), ToMicros(expected.next_attempt_at));
  EXPECT_EQ(actual.lease_holder, expected.lease_holder);
  EXPECT_EQ(Micros(actual.last_attempt_at), Micros(expected.last_attempt_at));
  EXPECT_EQ(actual.last_status, expected.last_status);
  EXPECT_EQ(actual.last_error, expected.last_error);
  EXPECT_EQ(Micros(actual.finished_at), Micros(expected.finished_at));
  EXPECT_EQ(ToMicros(actual.series_started_at), ToMicros(expected.series_started_at));
  EXPECT_EQ(actual.series_first_attempt, expected.series_first_attempt);
}

void ExpectOk(const Status& status) { EXPECT_TRUE(status.ok()) << Describe(status); }

std::vector<std::string> SortedIds(const std::vector<OutboxItem>& items) {
  std::vector<std::string> ids = Ids(items);
  std::sort(ids.begin(), ids.end());
  return ids;
}

class OutboxConformanceTest : public ConformanceTest {
 protected:
  // An enabled endpoint subscribed to `events` (sorted), with no rotation and no failures.
  WebhookEndpoint MakeEndpoint(Timestamp created, std::vector<std::string> events) {
    WebhookEndpoint e;
    e.id = NewId(domain::kWebhookEndpointPrefix, created);
    e.url = "https://hooks.example.com/" + e.id;
    e.description = "CRM sync";
    e.events = std::move(events);
    e.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    e.created_at = created;
    e.updated_at = created;
    return e;
  }

  // A pending webhook item for `target`, created at `created`, due at `due`, never attempted.
  OutboxItem MakeItem(Timestamp created, Timestamp due, std::string target = "whe_target",
                      OutboxKind kind = OutboxKind::kWebhook) {
    OutboxItem item;
    item.id = NewId(domain::kOutboxItemPrefix, created);
    item.kind = kind;
    item.target = std::move(target);
    item.message_id = NewId(domain::kWebhookMessagePrefix, created);
    item.event_type = "referral.created";
    item.payload = R"({"type":"referral.created","data":{"id":"ref_1"}})";
    item.created_at = created;
    item.next_attempt_at = due;
    item.series_started_at = created;
    return item;
  }

  Status InsertEndpoints(const std::vector<WebhookEndpoint>& endpoints) {
    return Write([&](Tx& tx) -> Status {
      for (const auto& endpoint : endpoints) BB_RETURN_IF_ERROR(tx.InsertWebhookEndpoint(endpoint));
      return Ok();
    });
  }

  Status InsertItems(const std::vector<OutboxItem>& items) {
    return Write([&](Tx& tx) -> Status {
      for (const auto& item : items) BB_RETURN_IF_ERROR(tx.InsertOutboxItem(item));
      return Ok();
    });
  }

  std::optional<WebhookEndpoint> FindEndpoint(const std::string& id) {
    return Get([&](Queries& q) { return q.FindWebhookEndpoint(id); });
  }

  std::vector<std::string> SubscribedIds(const std::string& event_type) {
    return Ids(Get([&](Queries& q) { return q.ListSubscribedWebhookEndpoints(event_type); }));
  }

  std::optional<OutboxItem> Find(const std::string& id) {
    return Get([&](Queries& q) { return q.FindOutboxItem(id); });
  }

  // The stored item, which the test requires to exist.
  OutboxItem Stored(const std::string& id) {
    auto found = Find(id);
    EXPECT_TRUE(found.has_value()) << id;
    return found.value_or(OutboxItem{});
  }

  std::vector<std::string> ListIds(const OutboxQuery& query) {
    return Ids(Get([&](Queries& q) { return q.ListOutboxItems(query); }));
  }

  std::vector<OutboxAttempt> Attempts(const std::string& id) {
    return Get([&](Queries& q) { return q.ListOutboxAttempts(id); });
  }

  // The figures for `kind`, or nullopt when GetOutboxStats has no entry for it.
  std::optional<OutboxKindStats> StatsFor(OutboxKind kind) {
    auto stats = Get([](Queries& q) { return q.GetOutboxStats(); });
    std::set<OutboxKind> kinds;
    for (const auto& entry : stats) EXPECT_TRUE(kinds.insert(entry.kind).second) << "one entry per kind";
    auto found = std::find_if(stats.begin(), stats.end(), [&](const auto& entry) { return entry.kind == kind; });
    if (found == stats.end()) return std::nullopt;
    return *found;
  }

  bool AnyDue(Timestamp now) {
    return Get([&](Queries& q) { return q.AnyOutboxItemDue(now); });
  }

  static Result<std::vector<OutboxItem>> Claim(Store& store, const std::string& holder, Timestamp now, Timestamp until,
                                               int limit) {
    std::vector<OutboxItem> claimed;
    BB_RETURN_IF_ERROR(store.Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(claimed, tx.ClaimOutboxItems(holder, now, until, limit));
      return Ok();
    }));
    return claimed;
  }
  std::vector<OutboxItem> Claim(const std::string& holder, Timestamp now, Timestamp until, int limit = 100) {
    auto claimed = Claim(*store_, holder, now, until, limit);
    EXPECT_TRUE(claimed.ok()) << (claimed.ok() ? "" : claimed.error().message());
    return claimed.ok() ? std::move(claimed).value() : std::vector<OutboxItem>{};
  }
  // Claims `id` alone (the only item due), which the test requires to succeed.
  OutboxItem ClaimOne(const std::string& id, const std::string& holder, Timestamp now, Timestamp until) {
    auto claimed = Claim(holder, now, until);
    EXPECT_EQ(Ids(claimed), std::vector<std::string>{id}) << holder << " at " << ToMicros(now);
    return claimed.size() == 1 ? claimed[0] : OutboxItem{};
  }

  // The end of the attempt at `claimed` (as its claimant got it), made at `at`.
  static OutboxAttemptReport Report(const OutboxItem& claimed, OutboxState state, Timestamp at, Duration took,
                                    int status, std::string error, Timestamp next_attempt_at = {}) {
    OutboxAttemptReport report;
    report.outbox_id = claimed.id;
    report.holder = claimed.lease_holder;
    report.attempt = claimed.attempts;
    report.record = {claimed.id, claimed.attempts, at, took, status, std::move(error)};
    report.state = state;
    report.next_attempt_at = next_attempt_at;
    return report;
  }
  static OutboxAttemptReport Delivered(const OutboxItem& claimed, Timestamp at, int status = 200) {
    return Report(claimed, OutboxState::kDelivered, at, 120ms, status, "");
  }
  static OutboxAttemptReport Retry(const OutboxItem& claimed, Timestamp at, Timestamp next, std::string error) {
    return Report(claimed, OutboxState::kPending, at, 2s, 503, std::move(error), next);
  }
  static OutboxAttemptReport GiveUp(const OutboxItem& claimed, Timestamp at, std::string error) {
    return Report(claimed, OutboxState::kDead, at, 40ms, 400, std::move(error));
  }

  // Records `report`; returns whether the item moved.
  bool Record(const OutboxAttemptReport& report) {
    bool moved = false;
    ExpectOk(Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(moved, tx.RecordOutboxAttempt(report));
      return Ok();
    }));
    return moved;
  }

  bool Replay(const std::string& id, Timestamp now) {
    bool replayed = false;
    ExpectOk(Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(replayed, tx.ReplayOutboxItem(id, now));
      return Ok();
    }));
    return replayed;
  }

  std::int64_t Kill(OutboxKind kind, const std::string& target, const std::string& reason, Timestamp now) {
    std::int64_t killed = -1;
    ExpectOk(Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(killed, tx.KillPendingOutboxItems(kind, target, reason, now));
      return Ok();
    }));
    return killed;
  }

  // Inserts one pending item due at kT0 and claims it for `holder` until kT0 + 1 min.
  OutboxItem InsertAndClaim(const std::string& holder = "worker-1") {
    OutboxItem item = MakeItem(kT0, kT0);
    EXPECT_TRUE(InsertItems({item}).ok());
    return ClaimOne(item.id, holder, kT0, kT0 + 1min);
  }
};

// ---------------------------------------------------------------------------------------------
// Webhook endpoints

TEST_P(OutboxConformanceTest, WebhookEndpointsRoundTripEveryField) {
  WebhookEndpoint full = MakeEndpoint(kT0 + 1s, {"referral.created", "reward.approved", "reward.created"});
  full.description = "Caf\xc3\xa9 sync \"quoted\"";
  full.previous_secret = "whsec_OldOldOldOldOldOldOldOldOldOldOld0";
  full.previous_secret_until = kT0 + 24h + 7us;
  full.enabled = false;
  full.disabled_reason = "the receiver answered 410 Gone";
  full.failing_since = kT0 + 3us;
  full.updated_at = kT0 + 2h + 1us;
  WebhookEndpoint bare = MakeEndpoint(kT0 + 2s, {"campaign.completed"});
  ASSERT_OK(InsertEndpoints({full, bare}));

  auto found_full = FindEndpoint(full.id);
  ASSERT_TRUE(found_full.has_value());
  ExpectSameEndpoint(*found_full, full);
  auto found_bare = FindEndpoint(bare.id);
  ASSERT_TRUE(found_bare.has_value());
  ExpectSameEndpoint(*found_bare, bare);
  EXPECT_FALSE(found_bare->previous_secret_until.has_value());
  EXPECT_FALSE(found_bare->failing_since.has_value());
  EXPECT_FALSE(FindEndpoint("whe_unknown").has_value());
}

TEST_P(OutboxConformanceTest, WebhookEndpointUpdatesEveryFieldButCreatedAt) {
  WebhookEndpoint endpoint = MakeEndpoint(kT0, {"referral.created"});
  WebhookEndpoint other = MakeEndpoint(kT0 + 1s, {"referral.created"});
  ASSERT_OK(InsertEndpoints({endpoint, other}));

  // Rotate, fail, disable: every nullable field gets a value.
  WebhookEndpoint changed = endpoint;
  changed.url = "https://new.example.com/hook";
  changed.description = "moved";
  changed.events = {"advocate.enrolled", "referral.created", "reward.fulfilled"};
  changed.secret = "whsec_NewNewNewNewNewNewNewNewNewNewNew0";
  changed.previous_secret = endpoint.secret;
  changed.previous_secret_until = kT0 + 25h;
  changed.enabled = false;
  changed.disabled_reason = "disabled by staff";
  changed.failing_since = kT0 + 30min;
  changed.created_at = kT0 + 99h;  // not stored: the creation time never changes
  changed.updated_at = kT0 + 1h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateWebhookEndpoint(changed); }));
  WebhookEndpoint expected = changed;
  expected.created_at = endpoint.created_at;
  auto found = FindEndpoint(endpoint.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameEndpoint(*found, expected);

  // Re-enable: the nullable fields are cleared again.
  changed.previous_secret.clear();
  changed.previous_secret_until.reset();
  changed.enabled = true;
  changed.disabled_reason.clear();
  changed.failing_since.reset();
  changed.updated_at = kT0 + 2h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateWebhookEndpoint(changed); }));
  expected = changed;
  expected.created_at = endpoint.created_at;
  found = FindEndpoint(endpoint.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameEndpoint(*found, expected);

  auto untouched = FindEndpoint(other.id);
  ASSERT_TRUE(untouched.has_value());
  ExpectSameEndpoint(*untouched, other);
}

TEST_P(OutboxConformanceTest, DeletingAWebhookEndpointRemovesOnlyIt) {
  WebhookEndpoint kept = MakeEndpoint(kT0, {"referral.created"});
  WebhookEndpoint deleted = MakeEndpoint(kT0 + 1s, {"referral.created"});
  ASSERT_OK(InsertEndpoints({kept, deleted}));
  ASSERT_OK(Write([&](Tx& tx) { return tx.DeleteWebhookEndpoint(deleted.id); }));
  EXPECT_FALSE(FindEndpoint(deleted.id).has_value());
  EXPECT_TRUE(FindEndpoint(kept.id).has_value());
  EXPECT_EQ(Ids(Get([](Queries& q) { return q.ListWebhookEndpoints(); })), std::vector<std::string>{kept.id});
  EXPECT_EQ(SubscribedIds("referral.created"), std::vector<std::string>{kept.id});
}

TEST_P(OutboxConformanceTest, WebhookEndpointsListNewestFirst) {
  WebhookEndpoint first = MakeEndpoint(kT0 + 1s, {"referral.created"});
  WebhookEndpoint second = MakeEndpoint(kT0 + 2s, {"reward.created"});
  WebhookEndpoint third = MakeEndpoint(kT0 + 3s, {"referral.created"});
  third.enabled = false;  // disabled ones are listed too
  third.disabled_reason = "disabled by staff";
  ASSERT_OK(InsertEndpoints({second, third, first}));
  auto listed = Get([](Queries& q) { return q.ListWebhookEndpoints(); });
  EXPECT_EQ(Ids(listed), (std::vector<std::string>{third.id, second.id, first.id}));
  ASSERT_EQ(listed.size(), 3u);
  ExpectSameEndpoint(listed[0], third);
}

TEST_P(OutboxConformanceTest, SubscribedEndpointsAreTheEnabledOnesSubscribedToTheTypeOldestFirst) {
  WebhookEndpoint both = MakeEndpoint(kT0 + 1s, {"referral.created", "reward.created"});
  WebhookEndpoint disabled = MakeEndpoint(kT0 + 2s, {"referral.created", "reward.created"});
  disabled.enabled = false;
  disabled.disabled_reason = "every delivery failed for 5 days";
  WebhookEndpoint referrals = MakeEndpoint(kT0 + 3s, {"referral.created", "referral.stage_changed"});
  WebhookEndpoint rewards = MakeEndpoint(kT0 + 4s, {"reward.created"});
  ASSERT_OK(InsertEndpoints({rewards, referrals, disabled, both}));

  EXPECT_EQ(SubscribedIds("referral.created"), (std::vector<std::string>{both.id, referrals.id}));
  EXPECT_EQ(SubscribedIds("reward.created"), (std::vector<std::string>{both.id, rewards.id}));
  EXPECT_EQ(SubscribedIds("referral.stage_changed"), std::vector<std::string>{referrals.id});
  EXPECT_TRUE(SubscribedIds("campaign.completed").empty());
  EXPECT_TRUE(SubscribedIds("referral").empty()) << "a type matches whole, never as a prefix";
  auto listed = Get([](Queries& q) { return q.ListSubscribedWebhookEndpoints("referral.created"); });
  ASSERT_EQ(listed.size(), 2u);
  ExpectSameEndpoint(listed[1], referrals);
}

// ---------------------------------------------------------------------------------------------
// Outbox items

TEST_P(OutboxConformanceTest, OutboxItemsRoundTripEveryField) {
  OutboxItem full = MakeItem(kT0 + 1us, kT0 + 2h + 3us, "ada@example.com", OutboxKind::kEmail);
  full.event_type = "advocate.welcome";
  full.payload = "{\"to\":\"ada@example.com\",\"subject\":\"Caf\xc3\xa9 \\u00e9\",\"n\":12345678901234}\n";
  full.state = OutboxState::kDead;
  full.attempts = 7;
  full.lease_holder = "instance-2:worker";
  full.last_attempt_at = kT0 + 1h + 5us;
  full.last_status = 429;
  full.last_error = "Too Many Requests: retry later";
  full.finished_at = kT0 + 1h + 6us;
  full.series_started_at = kT0 + 30min + 7us;
  full.series_first_attempt = 4;
  OutboxItem fresh = MakeItem(kT0 + 2us, kT0 + 2us);
  ASSERT_OK(InsertItems({full, fresh}));

  auto found_full = Find(full.id);
  ASSERT_TRUE(found_full.has_value());
  ExpectSameItem(*found_full, full);
  auto found_fresh = Find(fresh.id);
  ASSERT_TRUE(found_fresh.has_value());
  ExpectSameItem(*found_fresh, fresh);
  EXPECT_FALSE(found_fresh->last_attempt_at.has_value());
  EXPECT_FALSE(found_fresh->finished_at.has_value());
  EXPECT_FALSE(Find("obx_unknown").has_value());
  EXPECT_TRUE(Attempts(full.id).empty());
}

TEST_P(OutboxConformanceTest, OutboxListsFilterByKindTargetAndStateAndPageNewestFirst) {
  std::vector<OutboxItem> items = {
      MakeItem(kT0 + 1s, kT0, "whe_a"),                                // 0
      MakeItem(kT0 + 2s, kT0, "whe_b"),                                // 1
      MakeItem(kT0 + 3s, kT0, "whe_a"),                                // 2: delivered
      MakeItem(kT0 + 4s, kT0, "ada@example.com", OutboxKind::kEmail),  // 3
      MakeItem(kT0 + 5s, kT0, "whe_a"),                                // 4: dead
      MakeItem(kT0 + 6s, kT0, "whe_a", OutboxKind::kEmail),            // 5: same target, other kind
  };
  items[2].state = OutboxState::kDelivered;
  items[2].finished_at = kT0 + 10s;
  items[4].state = OutboxState::kDead;
  items[4].finished_at = kT0 + 10s;
  ASSERT_OK(InsertItems({items[3], items[0], items[5], items[2], items[4], items[1]}));
  auto id = [&](int i) { return items[static_cast<std::size_t>(i)].id; };
  using List = std::vector<std::string>;

  EXPECT_EQ(ListIds({}), (List{id(5), id(4), id(3), id(2), id(1), id(0)}));
  EXPECT_EQ(ListIds({.kind = OutboxKind::kEmail}), (List{id(5), id(3)}));
  EXPECT_EQ(ListIds({.kind = OutboxKind::kWebhook}), (List{id(4), id(2), id(1), id(0)}));
  EXPECT_EQ(ListIds({.target = "whe_a"}), (List{id(5), id(4), id(2), id(0)}));
  EXPECT_EQ(ListIds({.kind = OutboxKind::kWebhook, .target = "whe_a"}), (List{id(4), id(2), id(0)}));
  EXPECT_EQ(ListIds({.state = OutboxState::kPending}), (List{id(5), id(3), id(1), id(0)}));
  EXPECT_EQ(ListIds({.state = OutboxState::kDelivered}), (List{id(2)}));
  EXPECT_EQ(ListIds({.state = OutboxState::kDead}), (List{id(4)}));
  EXPECT_EQ(ListIds({.target = "whe_a", .state = OutboxState::kPending}), (List{id(5), id(0)}));
  EXPECT_EQ(ListIds({.limit = 2}), (List{id(5), id(4)}));
  EXPECT_EQ(ListIds({.before_id = id(4), .limit = 2}), (List{id(3), id(2)}));
  EXPECT_EQ(ListIds({.before_id = id(2), .limit = 2}), (List{id(1), id(0)}));
  EXPECT_TRUE(ListIds({.before_id = id(0)}).empty());
  EXPECT_EQ(ListIds({.target = "whe_a", .before_id = id(4)}), (List{id(2), id(0)}));
  EXPECT_TRUE(ListIds({.target = "whe_nobody"}).empty());
}

// ---------------------------------------------------------------------------------------------
// Claims

TEST_P(OutboxConformanceTest, ClaimTakesPendingItemsDueAtNowOldestDueFirstUpToTheLimit) {
  const Timestamp now = kT0 + 10s;
  const Timestamp until = now + 1min;
  // Created in the opposite order of their due times, so that the due time decides.
  OutboxItem due_at_now = MakeItem(kT0 + 1s, now);
  OutboxItem due_second = MakeItem(kT0 + 2s, kT0 + 5s);
  OutboxItem due_first = MakeItem(kT0 + 3s, kT0 + 1s);
  OutboxItem not_yet = MakeItem(kT0 + 4s, now + 1us);
  OutboxItem delivered = MakeItem(kT0 + 5s, kT0);
  delivered.state = OutboxState::kDelivered;
  delivered.finished_at = kT0 + 6s;
  OutboxItem dead = MakeItem(kT0 + 6s, kT0);
  dead.state = OutboxState::kDead;
  dead.finished_at = kT0 + 6s;
  dead.attempts = 3;
  ASSERT_OK(InsertItems({due_at_now, due_second, due_first, not_yet, delivered, dead}));

  auto claimed = Claim("worker-1", now, until, 2);
  EXPECT_EQ(SortedIds(claimed), SortedIds({due_first, due_second})) << "the two due first";
  for (const auto& item : claimed) {
    OutboxItem expected = item.id == due_first.id ? due_first : due_second;
    expected.attempts = 1;
    expected.lease_holder = "worker-1";
    expected.next_attempt_at = until;
    ExpectSameItem(item, expected);
    ExpectSameItem(Stored(item.id), expected);
  }

  EXPECT_EQ(Ids(Claim("worker-2", now, until, 100)), std::vector<std::string>{due_at_now.id})
      << "due exactly at now; the leased ones are not taken again";
  EXPECT_TRUE(Claim("worker-3", now, until, 100).empty());
  ExpectSameItem(Stored(not_yet.id), not_yet);
  ExpectSameItem(Stored(delivered.id), delivered);
  ExpectSameItem(Stored(dead.id), dead);
  EXPECT_EQ(Ids(Claim("worker-3", now + 1us, until, 100)), std::vector<std::string>{not_yet.id});
}

TEST_P(OutboxConformanceTest, ClaimOfNothingDueChangesNothing) {
  OutboxItem later = MakeItem(kT0, kT0 + 1h);
  ASSERT_OK(InsertItems({later}));
  EXPECT_TRUE(Claim("worker-1", kT0, kT0 + 1min).empty());
  ExpectSameItem(Stored(later.id), later);
}

TEST_P(OutboxConformanceTest, AnItemWhoseWorkerDiedIsClaimableAgainOnceItsLeaseLapses) {
  OutboxItem item = MakeItem(kT0, kT0);
  ASSERT_OK(InsertItems({item}));
  OutboxItem first = ClaimOne(item.id, "worker-1", kT0, kT0 + 1min);
  EXPECT_EQ(first.attempts, 1);

  // worker-1 dies without reporting.
  EXPECT_TRUE(Claim("worker-2", kT0 + 1min - 1us, kT0 + 2min).empty()) << "still leased";
  EXPECT_FALSE(AnyDue(kT0 + 1min - 1us));
  EXPECT_TRUE(AnyDue(kT0 + 1min));
  OutboxItem second = ClaimOne(item.id, "worker-2", kT0 + 1min, kT0 + 2min);
  EXPECT_EQ(second.attempts, 2) << "the dead worker's attempt is counted";
  EXPECT_EQ(second.lease_holder, "worker-2");
  EXPECT_EQ(ToMicros(second.next_attempt_at), ToMicros(kT0 + 2min));
  EXPECT_EQ(second.state, OutboxState::kPending);
  EXPECT_EQ(Stored(item.id).attempts, 2);
  EXPECT_TRUE(Claim("worker-1", kT0 + 1min, kT0 + 2min).empty()) << "leased to worker-2 now";
}

TEST_P(OutboxConformanceTest, ClaimsRacingFromTwoStoresTakeEveryItemExactlyOnce) {
  std::unique_ptr<Store> second = OpenStore();
  ASSERT_NE(second, nullptr);
  constexpr int kItems = 60;
  std::vector<OutboxItem> items;
  for (int i = 0; i < kItems; ++i) items.push_back(MakeItem(kT0 + std::chrono::seconds(i), kT0 + 1s * (i % 7)));
  ASSERT_OK(InsertItems(items));

  const Timestamp now = kT0 + 1h;
  constexpr int kWorkers = 6;
  std::vector<std::vector<std::string>> claimed_by(kWorkers);
  std::atomic<int> failed{0};
  std::latch start(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    Store& store = w % 2 == 0 ? *store_ : *second;
    threads.emplace_back([&, w, &store = store] {
      start.arrive_and_wait();  // every worker at once
      // Claims small batches until one comes back empty.
      for (int round = 0; round < kItems; ++round) {
        auto claimed = Claim(store, "worker-" + std::to_string(w), now, now + 1h, 3);
        if (!claimed.ok()) {
          failed.fetch_add(1);
          return;
        }
        if (claimed->empty()) return;
        for (const auto& item : *claimed) claimed_by[static_cast<std::size_t>(w)].push_back(item.id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  second->Close();

  EXPECT_EQ(failed.load(), 0);
  std::vector<std::string> all;
  for (const auto& ids : claimed_by) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "an item was claimed twice";
  EXPECT_EQ(all, SortedIds(items)) << "every item claimed once, none lost";
  EXPECT_FALSE(AnyDue(now));
  std::map<std::string, std::string> holder_of;
  for (int w = 0; w < kWorkers; ++w) {
    for (const auto& id : claimed_by[static_cast<std::size_t>(w)]) holder_of[id] = "worker-" + std::to_string(w);
  }
  for (const auto& item : Get([](Queries& q) { return q.ListOutboxItems({.limit = 1000}); })) {
    EXPECT_EQ(item.attempts, 1) << item.id << " was claimed more than once";
    EXPECT_EQ(item.lease_holder, holder_of[item.id]) << item.id;
  }
}

// ---------------------------------------------------------------------------------------------
// Attempts

TEST_P(OutboxConformanceTest, ADeliveryMarksTheItemDeliveredAndClearsTheLastError) {
  OutboxItem first = InsertAndClaim();
  ASSERT_TRUE(Record(Retry(first, kT0 + 10s, kT0 + 2min, "HTTP 503")));
  ASSERT_EQ(Stored(first.id).last_error, "HTTP 503");
  OutboxItem second = ClaimOne(first.id, "worker-2", kT0 + 2min, kT0 + 3min);

  EXPECT_TRUE(Record(Report(second, OutboxState::kDelivered, kT0 + 2min + 1s, 250ms, 204, "")));
  OutboxItem stored = Stored(first.id);
  EXPECT_EQ(stored.state, OutboxState::kDelivered);
  EXPECT_EQ(Micros(stored.finished_at), ToMicros(kT0 + 2min + 1s));
  EXPECT_EQ(Micros(stored.last_attempt_at), ToMicros(kT0 + 2min + 1s));
  EXPECT_EQ(stored.last_status, 204);
  EXPECT_EQ(stored.last_error, "");
  EXPECT_EQ(stored.attempts, 2);
  EXPECT_FALSE(AnyDue(kT0 + 10h));
  EXPECT_TRUE(Claim("worker-3", kT0 + 10h, kT0 + 11h).empty()) << "a delivered item is never claimed";
  auto attempts = Attempts(first.id);
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[1].number, 2);
  EXPECT_EQ(attempts[1].status, 204);
  EXPECT_EQ(attempts[1].error, "");
  EXPECT_EQ(attempts[1].took, Duration(250ms));
}

TEST_P(OutboxConformanceTest, ARetryLeavesTheItemPendingUntilTheTimeGiven) {
  OutboxItem claimed = InsertAndClaim();
  EXPECT_TRUE(Record(Report(claimed, OutboxState::kPending, kT0 + 5s, 3s, 503, "HTTP 503: busy", kT0 + 5min)));
  OutboxItem stored = Stored(claimed.id);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(ToMicros(stored.next_attempt_at), ToMicros(kT0 + 5min));
  EXPECT_EQ(Micros(stored.last_attempt_at), ToMicros(kT0 + 5s));
  EXPECT_EQ(stored.last_status, 503);
  EXPECT_EQ(stored.last_error, "HTTP 503: busy");
  EXPECT_FALSE(stored.finished_at.has_value());
  EXPECT_EQ(stored.attempts, 1);

  EXPECT_FALSE(AnyDue(kT0 + 5min - 1us));
  EXPECT_TRUE(Claim("worker-2", kT0 + 5min - 1us, kT0 + 6min).empty()) << "not due before the time given";
  OutboxItem again = ClaimOne(claimed.id, "worker-2", kT0 + 5min, kT0 + 6min);
  EXPECT_EQ(again.attempts, 2);
}

TEST_P(OutboxConformanceTest, GivingUpMarksTheItemDead) {
  OutboxItem claimed = InsertAndClaim();
  EXPECT_TRUE(Record(Report(claimed, OutboxState::kDead, kT0 + 7s, 90ms, 400, "HTTP 400: rejected")));
  OutboxItem stored = Stored(claimed.id);
  EXPECT_EQ(stored.state, OutboxState::kDead);
  EXPECT_EQ(Micros(stored.finished_at), ToMicros(kT0 + 7s));
  EXPECT_EQ(Micros(stored.last_attempt_at), ToMicros(kT0 + 7s));
  EXPECT_EQ(stored.last_status, 400);
  EXPECT_EQ(stored.last_error, "HTTP 400: rejected");
  EXPECT_FALSE(AnyDue(kT0 + 10h));
  EXPECT_TRUE(Claim("worker-2", kT0 + 10h, kT0 + 11h).empty()) << "a dead item is never claimed";
  EXPECT_EQ(Attempts(claimed.id).size(), 1u);
}

TEST_P(OutboxConformanceTest, AFailureReportFromAHolderWhoseLeaseLapsedDoesNotMoveTheItem) {
  OutboxItem stale = InsertAndClaim("worker-1");
  OutboxItem current = ClaimOne(stale.id, "worker-2", kT0 + 1min, kT0 + 2min);
  OutboxItem before = Stored(stale.id);

  EXPECT_FALSE(Record(Retry(stale, kT0 + 1min + 1s, kT0 + 1h, "timed out")));
  ExpectSameItem(Stored(stale.id), before);
  EXPECT_FALSE(Record(GiveUp(stale, kT0 + 1min + 2s, "HTTP 400")));
  ExpectSameItem(Stored(stale.id), before);

  // The current holder's report still moves it.
  EXPECT_TRUE(Record(Retry(current, kT0 + 1min + 3s, kT0 + 10min, "HTTP 502")));
  OutboxItem stored = Stored(stale.id);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(ToMicros(stored.next_attempt_at), ToMicros(kT0 + 10min));
  EXPECT_EQ(stored.last_error, "HTTP 502");
}

TEST_P(OutboxConformanceTest, AFailureReportOfAnEarlierAttemptOfTheSameHolderDoesNotMoveTheItem) {
  OutboxItem stale = InsertAndClaim("worker-1");
  OutboxItem current = ClaimOne(stale.id, "worker-1", kT0 + 1min, kT0 + 2min);
  ASSERT_EQ(current.attempts, 2);
  OutboxItem before = Stored(stale.id);
  EXPECT_FALSE(Record(GiveUp(stale, kT0 + 1min + 1s, "HTTP 400")));
  ExpectSameItem(Stored(stale.id), before);
  EXPECT_TRUE(Record(GiveUp(current, kT0 + 1min + 2s, "HTTP 400")));
  EXPECT_EQ(Stored(stale.id).state, OutboxState::kDead);
}

TEST_P(OutboxConformanceTest, AFailureReportAfterTheLeaseLapsedMovesTheItemWhenNobodyClaimedItSince) {
  OutboxItem claimed = InsertAndClaim("worker-1");  // leased until kT0 + 1 min
  EXPECT_TRUE(AnyDue(kT0 + 2min));
  EXPECT_TRUE(Record(Retry(claimed, kT0 + 2min, kT0 + 1h, "timed out"))) << "still worker-1's: nobody took it";
  EXPECT_EQ(ToMicros(Stored(claimed.id).next_attempt_at), ToMicros(kT0 + 1h));
  EXPECT_FALSE(AnyDue(kT0 + 2min));
}

TEST_P(OutboxConformanceTest, ALateSuccessFromTheOldHolderStillDelivers) {
  OutboxItem stale = InsertAndClaim("worker-1");
  OutboxItem current = ClaimOne(stale.id, "worker-2", kT0 + 1min, kT0 + 2min);

  EXPECT_TRUE(Record(Delivered(stale, kT0 + 1min + 5s)));
  OutboxItem stored = Stored(stale.id);
  EXPECT_EQ(stored.state, OutboxState::kDelivered);
  EXPECT_EQ(Micros(stored.finished_at), ToMicros(kT0 + 1min + 5s));
  EXPECT_EQ(stored.last_status, 200);

  // The newer attempt can neither undo the delivery nor deliver it again.
  EXPECT_FALSE(Record(Retry(current, kT0 + 1min + 6s, kT0 + 1h, "timed out")));
  ExpectSameItem(Stored(stale.id), stored);
  EXPECT_FALSE(Record(GiveUp(current, kT0 + 1min + 7s, "HTTP 400")));
  ExpectSameItem(Stored(stale.id), stored);
  EXPECT_FALSE(Record(Delivered(current, kT0 + 1min + 8s, 201)));
  ExpectSameItem(Stored(stale.id), stored);
  EXPECT_FALSE(AnyDue(kT0 + 10h));
}

TEST_P(OutboxConformanceTest, ASuccessReportedAfterTheItemWasKilledLeavesItDead) {
  OutboxItem claimed = InsertAndClaim("worker-1");
  ASSERT_EQ(Kill(OutboxKind::kWebhook, claimed.target, "not sent: the endpoint was deleted", kT0 + 10s), 1);
  OutboxItem killed = Stored(claimed.id);
  EXPECT_FALSE(Record(Delivered(claimed, kT0 + 20s)));
  EXPECT_FALSE(Record(Retry(claimed, kT0 + 21s, kT0 + 1h, "timed out")));
  ExpectSameItem(Stored(claimed.id), killed);
  EXPECT_EQ(killed.state, OutboxState::kDead);
}

TEST_P(OutboxConformanceTest, AttemptsAreListedInOrderWithWhatEachTookAndGot) {
  OutboxItem item = MakeItem(kT0, kT0);
  OutboxItem other = MakeItem(kT0 + 1us, kT0 + 1h);
  ASSERT_OK(InsertItems({item, other}));
  OutboxItem first = ClaimOne(item.id, "worker-1", kT0, kT0 + 1min);
  ASSERT_TRUE(Record(Report(first, OutboxState::kPending, kT0 + 1s, 1500ms, 0, "connection refused", kT0 + 1min)));
  OutboxItem second = ClaimOne(item.id, "worker-2", kT0 + 1min, kT0 + 2min);
  ASSERT_TRUE(Record(Report(second, OutboxState::kPending, kT0 + 1min + 2s, 2s, 500, "HTTP 500", kT0 + 5min)));
  OutboxItem third = ClaimOne(item.id, "worker-1", kT0 + 5min, kT0 + 6min);
  ASSERT_TRUE(Record(Report(third, OutboxState::kDelivered, kT0 + 5min + 3s, 7us, 200, "")));

  auto attempts = Attempts(item.id);
  ASSERT_EQ(attempts.size(), 3u);
  struct Expected {
    int number;
    Timestamp at;
    Duration took;
    int status;
    std::string error;
  };
  std::vector<Expected> expected = {{1, kT0 + 1s, 1500ms, 0, "connection refused"},
                                    {2, kT0 + 1min + 2s, 2s, 500, "HTTP 500"},
                                    {3, kT0 + 5min + 3s, 7us, 200, ""}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("attempt " + std::to_string(i + 1));
    EXPECT_EQ(attempts[i].outbox_id, item.id);
    EXPECT_EQ(attempts[i].number, expected[i].number);
    EXPECT_EQ(ToMicros(attempts[i].at), ToMicros(expected[i].at));
    EXPECT_EQ(attempts[i].took.count(), expected[i].took.count());
    EXPECT_EQ(attempts[i].status, expected[i].status);
    EXPECT_EQ(attempts[i].error, expected[i].error);
  }
  EXPECT_TRUE(Attempts(other.id).empty()) << "another item's attempts are its own";
}

// ---------------------------------------------------------------------------------------------
// Replays and kills

TEST_P(OutboxConformanceTest, ReplayingADeadItemMakesItPendingDueAtNowWithoutALease) {
  OutboxItem claimed = InsertAndClaim("worker-1");
  ASSERT_TRUE(Record(GiveUp(claimed, kT0 + 1s, "HTTP 400")));

  EXPECT_TRUE(Replay(claimed.id, kT0 + 1h));
  OutboxItem stored = Stored(claimed.id);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(ToMicros(stored.next_attempt_at), ToMicros(kT0 + 1h));
  EXPECT_EQ(stored.lease_holder, "");
  EXPECT_FALSE(stored.finished_at.has_value());
  EXPECT_EQ(stored.attempts, 1) << "the attempts so far still count";
  EXPECT_EQ(ToMicros(stored.series_started_at), ToMicros(kT0 + 1h)) << "a new series of attempts";
  EXPECT_EQ(stored.series_first_attempt, 2);

  EXPECT_FALSE(AnyDue(kT0 + 1h - 1us));
  EXPECT_TRUE(AnyDue(kT0 + 1h));
  EXPECT_FALSE(Replay(claimed.id, kT0 + 2h)) << "pending already";
  EXPECT_EQ(ToMicros(Stored(claimed.id).next_attempt_at), ToMicros(kT0 + 1h)) << "a refused replay moves nothing";
  EXPECT_FALSE(Record(GiveUp(claimed, kT0 + 1h, "stale"))) << "the lease was cleared";
  OutboxItem again = ClaimOne(claimed.id, "worker-2", kT0 + 1h, kT0 + 1h + 1min);
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(again.SeriesAttempts(), 1);
}

TEST_P(OutboxConformanceTest, ReplayingADeliveredItemMakesItPendingAgain) {
  OutboxItem claimed = InsertAndClaim();
  ASSERT_TRUE(Record(Delivered(claimed, kT0 + 1s)));
  EXPECT_TRUE(Replay(claimed.id, kT0 + 1h));
  OutboxItem stored = Stored(claimed.id);
  EXPECT_EQ(stored.state, OutboxState::kPending);
  EXPECT_EQ(ToMicros(stored.next_attempt_at), ToMicros(kT0 + 1h));
  EXPECT_FALSE(stored.finished_at.has_value());
}

TEST_P(OutboxConformanceTest, ReplayingAPendingOrUnknownItemIsRefused) {
  OutboxItem pending = MakeItem(kT0, kT0 + 1h);
  ASSERT_OK(InsertItems({pending}));
  EXPECT_FALSE(Replay(pending.id, kT0 + 5min));
  ExpectSameItem(Stored(pending.id), pending);
  EXPECT_FALSE(Replay("obx_unknown", kT0));
  EXPECT_FALSE(Find("obx_unknown").has_value());
}

TEST_P(OutboxConformanceTest, KillingATargetsPendingItemsKillsOnlyThoseOfThatKindAndTarget) {
  std::vector<OutboxItem> items = {
      MakeItem(kT0 + 1s, kT0, "whe_a"),                      // 0: killed
      MakeItem(kT0 + 2s, kT0 + 1h, "whe_a"),                 // 1: killed (not yet due)
      MakeItem(kT0 + 3s, kT0, "whe_a"),                      // 2: delivered already
      MakeItem(kT0 + 4s, kT0, "whe_b"),                      // 3: another endpoint
      MakeItem(kT0 + 5s, kT0, "whe_a", OutboxKind::kEmail),  // 4: same target, another kind
  };
  items[2].state = OutboxState::kDelivered;
  items[2].finished_at = kT0 + 10s;
  ASSERT_OK(InsertItems(items));

  EXPECT_EQ(Kill(OutboxKind::kWebhook, "whe_a", "not sent: the endpoint was deleted", kT0 + 1min), 2);
  for (int i : {0, 1}) {
    OutboxItem expected = items[static_cast<std::size_t>(i)];
    expected.state = OutboxState::kDead;
    expected.finished_at = kT0 + 1min;
    expected.last_error = "not sent: the endpoint was deleted";
    SCOPED_TRACE("item " + std::to_string(i));
    OutboxItem stored = Stored(expected.id);
    EXPECT_EQ(stored.state, expected.state);
    EXPECT_EQ(Micros(stored.finished_at), Micros(expected.finished_at));
    EXPECT_EQ(stored.last_error, expected.last_error);
  }
  for (int i : {2, 3, 4}) {
    SCOPED_TRACE("item " + std::to_string(i));
    ExpectSameItem(Stored(items[static_cast<std::size_t>(i)].id), items[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(Kill(OutboxKind::kWebhook, "whe_a", "again", kT0 + 2min), 0) << "nothing pending left";
  EXPECT_EQ(Stored(items[0].id).last_error, "not sent: the endpoint was deleted");
  EXPECT_EQ(Kill(OutboxKind::kWebhook, "whe_nobody", "none", kT0 + 2min), 0);
}

// ---------------------------------------------------------------------------------------------
// The due check and the figures

TEST_P(OutboxConformanceTest, AnItemIsDueOnlyWhenPendingAndItsTimeHasCome) {
  EXPECT_FALSE(AnyDue(kT0 + 100h)) << "an empty outbox";
  OutboxItem delivered = MakeItem(kT0, kT0);
  delivered.state = OutboxState::kDelivered;
  delivered.finished_at = kT0;
  OutboxItem dead = MakeItem(kT0 + 1us, kT0);
  dead.state = OutboxState::kDead;
  dead.finished_at = kT0;
  ASSERT_OK(InsertItems({delivered, dead}));
  EXPECT_FALSE(AnyDue(kT0 + 100h)) << "only pending items are due";

  ASSERT_OK(InsertItems({MakeItem(kT0 + 2us, kT0 + 1min)}));
  EXPECT_FALSE(AnyDue(kT0 + 1min - 1us));
  EXPECT_TRUE(AnyDue(kT0 + 1min));
  EXPECT_TRUE(AnyDue(kT0 + 2min));
}

TEST_P(OutboxConformanceTest, StatsCountPendingAndDeadPerKindAndOmitEmptyKinds) {
  EXPECT_TRUE(Get([](Queries& q) { return q.GetOutboxStats(); }).empty());

  OutboxItem newer = MakeItem(kT0 + 2h, kT0 + 5h);
  OutboxItem older = MakeItem(kT0 + 1h, kT0 + 9h);  // created first, due later
  OutboxItem dead = MakeItem(kT0, kT0);
  dead.state = OutboxState::kDead;
  OutboxItem delivered = MakeItem(kT0 - 1h, kT0);  // counted nowhere
  delivered.state = OutboxState::kDelivered;
  ASSERT_OK(InsertItems({newer, dead, older, delivered}));

  auto webhook = StatsFor(OutboxKind::kWebhook);
  ASSERT_TRUE(webhook.has_value());
  EXPECT_EQ(webhook->pending, 2);
  EXPECT_EQ(Micros(webhook->oldest_pending), ToMicros(kT0 + 1h));
  EXPECT_EQ(webhook->dead, 1);
  EXPECT_FALSE(StatsFor(OutboxKind::kEmail).has_value()) << "no email items: no email entry";

  // Delivered items alone give a kind no entry; a pending one does.
  OutboxItem delivered_email = MakeItem(kT0 + 3h, kT0, "bob@example.com", OutboxKind::kEmail);
  delivered_email.state = OutboxState::kDelivered;
  ASSERT_OK(InsertItems({delivered_email}));
  EXPECT_FALSE(StatsFor(OutboxKind::kEmail).has_value());
  OutboxItem pending_email = MakeItem(kT0 + 4h, kT0 + 4h, "ada@example.com", OutboxKind::kEmail);
  ASSERT_OK(InsertItems({pending_email}));
  auto email = StatsFor(OutboxKind::kEmail);
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->pending, 1);
  EXPECT_EQ(Micros(email->oldest_pending), ToMicros(kT0 + 4h));
  EXPECT_EQ(email->dead, 0);

  // A kind with dead items only keeps its entry, without an oldest pending item.
  ASSERT_EQ(Kill(OutboxKind::kWebhook, "whe_target", "gone", kT0 + 6h), 2);
  webhook = StatsFor(OutboxKind::kWebhook);
  ASSERT_TRUE(webhook.has_value());
  EXPECT_EQ(webhook->pending, 0);
  EXPECT_FALSE(webhook->oldest_pending.has_value());
  EXPECT_EQ(webhook->dead, 3);
  email = StatsFor(OutboxKind::kEmail);
  ASSERT_TRUE(email.has_value());
  EXPECT_EQ(email->pending, 1) << "another kind's figures are its own";
  EXPECT_EQ(email->dead, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store
