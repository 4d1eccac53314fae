#pragma once
// The storage port. The service layer speaks only to these interfaces; each backend
// (store/sqlite, later store/postgres) implements them and passes the conformance suite in
// tests/store. All SQL lives behind this boundary.
//
// The port is split by area, one header each; a backend implements each area in its own file:
//   programs.h      programs                    referrals.h     referrals and their histories
//   advocates.h     advocates and people        rewards.h       reward rules and the ledger
//   links.h         tracked links and clicks    analytics.h     summarised figures (reads only)
//   accounts.h      staff users, sessions, keys portal.h        advocates' sign-in and sessions
//   audit.h         the audit trail             server_state.h  idempotency records, settings
//   outbox.h        side effects to deliver     webhooks.h      webhook endpoints
//   email.h         suppressions, templates  campaigns.h     campaigns and their recipients
//   imports.h       CSV imports and reports     connectors.h    CRM connectors, their queue and log
//   nps.h           NPS answers, follow-ups     points.h        advocacy points and leaderboards
//   catalog.h       the rewards catalogue and its redemptions
//   challenges.h    challenges and their completions
//   happiness.h     happiness ratings and the requests for them
//   lifecycle.h     lifecycle stages and moves  scoring.h       score models, engagement events
//   customer_value.h valuation settings, customer inputs, value entries, incrementality answers
// List queries page in descending id order (newest first); `before_id` is the last id of the
// previous page.

#include <functional>

#include "common/result.h"
#include "store/accounts.h"
#include "store/advocates.h"
#include "store/analytics.h"
#include "store/audit.h"
#include "store/campaigns.h"
#include "store/catalog.h"
#include "store/challenges.h"
#include "store/committees.h"
#include "store/connectors.h"
#include "store/credits.h"
#include "store/customer_value.h"
#include "store/email.h"
#include "store/happiness.h"
#include "store/imports.h"
#include "store/lifecycle.h"
#include "store/links.h"
#include "store/nps.h"
#include "store/outbox.h"
#include "store/points.h"
#include "store/portal.h"
#include "store/programs.h"
#include "store/referrals.h"
#include "store/rewards.h"
#include "store/scoring.h"
#include "store/segments.h"
#include "store/server_state.h"
#include "store/webhooks.h"

namespace bb::store {

// Reads. Every method returns nullopt / an empty list for "nothing there"; errors are storage
// failures only.
class Queries : public ProgramReads,
                public AdvocateReads,
                public LinkReads,
                public ReferralReads,
                public RewardReads,
                public AnalyticsReads,
                public AccountReads,
                public PortalReads,
                public AuditReads,
                public ServerStateReads,
                public OutboxReads,
                public WebhookReads,
                public EmailReads,
                public CampaignReads,
                public ImportReads,
                public ConnectorReads,
                public NpsReads,
                public PointsReads,
                public CatalogReads,
                public ChallengeReads,
                public HappinessReads,
                public SegmentReads,
                public LifecycleReads,
                public ScoringReads,
                public CustomerValueReads,
                public CommitteeReads,
                public CreditReads {};

// Reads and writes inside one transaction; reads see the transaction's own writes. A write refused
// for its data (kConflict for a taken key, kInvalidArgument for data breaking an invariant) leaves
// the transaction as it was before that call, so the caller may go on; after a storage failure
// the transaction is to be abandoned (its work returns the error and is rolled back). Uniqueness
// violations are kConflict with one FieldError naming the taken field ("slug", "code", "email",
// "person", "key", "token").
class Tx : public Queries,
           public ProgramWrites,
           public AdvocateWrites,
           public LinkWrites,
           public ReferralWrites,
           public RewardWrites,
           public AnalyticsWrites,
           public AccountWrites,
           public PortalWrites,
           public AuditWrites,
           public ServerStateWrites,
           public OutboxWrites,
           public WebhookWrites,
           public EmailWrites,
           public CampaignWrites,
           public ImportWrites,
           public ConnectorWrites,
           public NpsWrites,
           public PointsWrites,
           public CatalogWrites,
           public ChallengeWrites,
           public HappinessWrites,
           public SegmentWrites,
           public LifecycleWrites,
           public ScoringWrites,
           public CustomerValueWrites,
           public CommitteeWrites,
           public CreditWrites {};

// A database. Thread-safe: any number of threads may call Read and Write concurrently.
class Store {
 public:
  using WriteWork = std::function<Status(Tx&)>;
  using ReadWork = std::function<Status(Queries&)>;

  virtual ~Store() = default;

  // Runs `work` in a transaction and returns once the outcome is durable. When `work` succeeds
  // and the commit succeeds, all its writes are committed; when either fails, none are, and the
  // error is returned (kUnavailable if the commit itself failed). One exception, on a database
  // reached over a network: a connection lost while the commit was under way leaves its outcome
  // unknown, answered kUnavailable although the writes may be there (clients that retry send an
  // Idempotency-Key; docs/architecture.md, PostgreSQL). Concurrent writes may share one
  // commit; one caller's failure never undoes another's writes. `work` may run on another thread,
  // must not block, and may run more than once (a backend may retry a group): it must have no
  // effect outside the transaction other than setting its own results.
  virtual Status Write(const WriteWork& work) = 0;

  // Like Write, without waiting: `done` receives the outcome once it is durable (or failed). `done`
  // runs on the store's writer thread and must be quick and must not block; hand real work to
  // another thread. Ownership of `work` passes to the store.
  virtual void WriteAsync(WriteWork work, std::function<void(Status)> done) = 0;

  // Runs `work` against one consistent snapshot and returns its status.
  virtual Status Read(const ReadWork& work) = 0;

  // Finishes queued writes, then refuses new ones (kUnavailable). Idempotent.
  virtual void Close() = 0;
};

}  // namespace bb::store
