#pragma once
// The storage port. The service layer speaks only to these interfaces; each backend
// (store/sqlite, later store/postgres) implements them and passes the conformance suite in
// tests/store. All SQL lives behind this boundary.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"
#include "domain/advocate.h"
#include "domain/analytics.h"
#include "domain/audit.h"
#include "domain/click.h"
#include "domain/program.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/reward_evaluation.h"
#include "domain/reward_rule.h"
#include "domain/stats.h"

namespace bb::store {

// Pages are in descending id order (newest first); `before_id` is the last id of the previous page.
struct ProgramQuery {
  std::optional<domain::ProgramStatus> status;
  std::string before_id;
  int limit = 50;
};

struct AdvocateQuery {
  std::string program_id;
  std::string search;  // "" or lower-case text found in the name, email or company; or the exact code
  std::vector<std::pair<std::string, std::string>> attributes;  // key, value as text; all must match
  std::vector<std::string> tags;                                // normalised; all must be present
  std::optional<domain::AdvocateSource> source;
  std::optional<domain::AdvocateStatus> status;
  std::optional<Timestamp> created_from;    // inclusive
  std::optional<Timestamp> created_before;  // exclusive
  std::optional<std::string> enrolled_by;
  std::string before_id;
  int limit = 50;
};

// Referrals matching every filter that is set, newest first.
struct ReferralQuery {
  std::string program_id;
  std::string advocate_id;
  std::optional<domain::ReferralStage> stage;
  std::optional<domain::ReviewStatus> review_status;
  // Only held or duplicate referrals that are open or won: the review queue.
  bool under_review = false;
  std::string enrolled_by;  // only referrals of advocates this user or key enrolled
  std::string before_id;    // the page after this id
  int limit = 50;
};

// Rewards matching every filter that is set, newest first.
struct RewardQuery {
  std::string program_id;
  std::string advocate_id;
  std::string referral_id;
  std::optional<domain::Beneficiary> beneficiary;
  std::optional<domain::RewardStatus> status;
  std::string enrolled_by;  // only rewards of advocates this user or key enrolled
  std::string before_id;
  int limit = 50;
};

// Audit events matching every filter that is set, newest first.
struct AuditQuery {
  std::string actor;
  std::string object_id;
  std::string kind;
  std::optional<Timestamp> from;    // inclusive
  std::optional<Timestamp> before;  // exclusive
  std::string before_id;
  int limit = 50;
};

// A referral's history entry with its place in the order of all writes (for replaying a program's
// histories in the order they happened).
struct SequencedReferralEvent {
  std::int64_t sequence = 0;
  domain::ReferralEvent event;
};

// When a won referral's win counted for its advocate, and as which: the move to won while the
// referral was clear, or the clearing of a referral that was won while held.
struct WinCount {
  std::int64_t rank = 0;  // the advocate's clear wins counted by then, this one included
  Timestamp at;           // the time of that move or clearing
  std::string event_id;   // the history entry of that move or clearing
};

// Everything GET /r/{code} needs, in one lookup.
struct LinkTarget {
  std::string advocate_id;
  std::string program_id;
  std::string code;
  domain::AdvocateStatus advocate_status = domain::AdvocateStatus::kActive;
  domain::ProgramStatus program_status = domain::ProgramStatus::kActive;
  std::string landing_url;
  std::int64_t attribution_window_days = 0;
};

// Reads. Every method returns nullopt / an empty list for "nothing there"; errors are storage
// failures only.
class Queries {
 public:
  virtual ~Queries() = default;

  virtual Result<std::optional<domain::Program>> FindProgram(std::string_view id) = 0;
  virtual Result<std::optional<domain::Program>> FindProgramBySlug(std::string_view slug) = 0;
  virtual Result<std::vector<domain::Program>> ListPrograms(const ProgramQuery& query) = 0;

  virtual Result<std::optional<domain::Person>> FindPersonByEmail(std::string_view email_normalized) = 0;
  virtual Result<std::optional<domain::Advocate>> FindAdvocate(std::string_view id) = 0;
  virtual Result<std::optional<domain::Advocate>> FindAdvocateByPerson(std::string_view program_id,
                                                                       std::string_view person_id) = 0;
  virtual Result<std::vector<domain::Advocate>> ListAdvocates(const AdvocateQuery& query) = 0;
  virtual Result<std::optional<LinkTarget>> FindLinkTarget(std::string_view code) = 0;
  // Whether the program has a reward or a won referral (so its currency may no longer change).
  virtual Result<bool> ProgramHasMoney(std::string_view program_id) = 0;
  virtual Result<domain::ProgramStats> GetProgramStats(std::string_view program_id, const domain::TimeRange& range) = 0;
  // The dashboard's figures for [from, before) on `basis` (domain/analytics.h): of one program, or
  // of every program when `program_id` is "". new_advocates holds only the days that have some (see
  // domain::EveryDay). kOutOfRange naming a money figure whose sum does not fit in 64 bits.
  virtual Result<domain::Analytics> GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before,
                                                 domain::AnalyticsBasis basis) = 0;
  // One advocate's clicks and referral cohort for [from, before).
  virtual Result<domain::AdvocateActivity> GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
                                                               Timestamp before) = 0;
  // Clicks whose visitor id is `visitor_id`, oldest first (at most `limit`).
  virtual Result<std::vector<domain::Click>> ListClicksByVisitor(std::string_view visitor_id, int limit) = 0;

  virtual Result<std::optional<domain::Referral>> FindReferral(std::string_view id) = 0;
  virtual Result<std::vector<domain::Referral>> ListReferrals(const ReferralQuery& query) = 0;
  // The referral's history, oldest first.
  virtual Result<std::vector<domain::ReferralEvent>> ListReferralEvents(std::string_view referral_id) = 0;
  // Referrals in the program of the person with this email matching key, or (when `phone` is not
  // "") this E.164 phone, created at or after `since`, newest first (at most `limit`).
  virtual Result<std::vector<domain::Referral>> ListReferralsByReferee(std::string_view program_id,
                                                                       std::string_view email_key,
                                                                       std::string_view phone, Timestamp since,
                                                                       int limit) = 0;
  // How many referrals the advocate submitted, or came from the address hash, at or after `since`.
  virtual Result<std::int64_t> CountReferralsByAdvocateSince(std::string_view advocate_id, Timestamp since) = 0;
  virtual Result<std::int64_t> CountReferralsByIpHashSince(std::string_view ip_hash, Timestamp since) = 0;
  // How many of the advocate's referrals are won and clear.
  virtual Result<std::int64_t> CountWonClearReferrals(std::string_view advocate_id) = 0;
  // When the referral's win counted, and as which of its advocate's wins that are still won and
  // clear; nullopt when the referral is not won and clear.
  virtual Result<std::optional<WinCount>> FindWinCount(std::string_view referral_id) = 0;
  // Whether the advocate was seen with this visitor id or this address hash at or after `since`
  // (an empty value matches nothing).
  virtual Result<bool> AdvocateSeenAt(std::string_view advocate_id, std::string_view visitor_id,
                                      std::string_view ip_hash, Timestamp since) = 0;
  // The program's referral history entries written after `after_sequence`, in write order (at
  // most `limit`).
  virtual Result<std::vector<SequencedReferralEvent>> ListProgramReferralEvents(std::string_view program_id,
                                                                                std::int64_t after_sequence,
                                                                                int limit) = 0;

  virtual Result<std::optional<domain::RewardRule>> FindRewardRule(std::string_view id) = 0;
  // Every rule of the program, retired ones included, oldest first.
  virtual Result<std::vector<domain::RewardRule>> ListRewardRules(std::string_view program_id) = 0;

  virtual Result<std::optional<domain::Reward>> FindReward(std::string_view id) = 0;
  virtual Result<std::optional<domain::Reward>> FindRewardByKey(std::string_view rule_id, std::string_view referral_id,
                                                                domain::Beneficiary beneficiary,
                                                                std::string_view trigger_key) = 0;
  virtual Result<std::vector<domain::Reward>> ListRewards(const RewardQuery& query) = 0;
  // The rewards from `rule_id` of the advocate created in [from, before), reversed ones included.
  virtual Result<domain::CapUsage> GetRewardUsage(std::string_view rule_id, std::string_view advocate_id,
                                                  Timestamp from, Timestamp before) = 0;
  // The rewards the advocate is the beneficiary of, summed by currency and status.
  virtual Result<std::vector<domain::RewardBalance>> GetRewardBalances(std::string_view advocate_id) = 0;
  // The reward's status changes, oldest first.
  virtual Result<std::vector<domain::RewardEvent>> ListRewardEvents(std::string_view reward_id) = 0;

  virtual Result<std::optional<domain::User>> FindUser(std::string_view id) = 0;
  virtual Result<std::optional<domain::User>> FindUserByEmail(std::string_view email) = 0;
  virtual Result<std::vector<domain::User>> ListUsers() = 0;
  // How many users are admins and not disabled.
  virtual Result<std::int64_t> CountActiveAdmins() = 0;
  virtual Result<std::optional<domain::PasswordReset>> FindPasswordReset(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::SessionRecord>> FindSession(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::SignInLink>> FindSignInLink(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::AdvocateSession>> FindAdvocateSession(std::string_view token_hash) = 0;
  // The advocate's portal password; nullopt when none is set.
  virtual Result<std::optional<domain::AdvocatePassword>> FindAdvocatePassword(std::string_view advocate_id) = 0;
  virtual Result<std::optional<domain::ApiKey>> FindApiKey(std::string_view id) = 0;
  virtual Result<std::vector<domain::ApiKey>> ListApiKeys() = 0;

  virtual Result<std::vector<domain::AuditEvent>> ListAuditEvents(const AuditQuery& query) = 0;

  virtual Result<std::optional<domain::IdempotencyRecord>> FindIdempotencyRecord(std::string_view scope,
                                                                                 std::string_view key) = 0;
  virtual Result<std::optional<std::string>> GetSetting(std::string_view name) = 0;
};

// Reads and writes inside one transaction; reads see the transaction's own writes. A failed write
// leaves the transaction as it was before that call. Uniqueness violations are kConflict with one
// FieldError naming the taken field ("slug", "code", "email", "person", "key", "token").
class Tx : public Queries {
 public:
  virtual Status InsertProgram(const domain::Program& program) = 0;
  virtual Status UpdateProgram(const domain::Program& program) = 0;

  // Inserts the person's matching identity (kConflict naming "email" when the normalised email is
  // known already).
  virtual Status InsertPerson(const domain::Person& person) = 0;
  // Inserts the advocate row (not the person) with its own details, attributes and tags.
  virtual Status InsertAdvocate(const domain::Advocate& advocate) = 0;
  // Rewrites the enrolment's names and company, status, attributes, tags and updated_at (never the
  // email, the person or another enrolment).
  virtual Status UpdateAdvocate(const domain::Advocate& advocate) = 0;

  virtual Status InsertClick(const domain::Click& click) = 0;

  virtual Status InsertReferral(const domain::Referral& referral) = 0;
  // Rewrites stage, review status and reasons, deal value and its currency, external id and
  // updated_at.
  virtual Status UpdateReferral(const domain::Referral& referral) = 0;
  virtual Status InsertReferralEvent(const domain::ReferralEvent& event) = 0;
  virtual Status InsertAdvocateSighting(std::string_view advocate_id, std::string_view visitor_id,
                                        std::string_view ip_hash, Timestamp at) = 0;

  virtual Status InsertRewardRule(const domain::RewardRule& rule) = 0;
  virtual Status RetireRewardRule(std::string_view id, Timestamp at) = 0;
  // kConflict naming "key" when a reward with the same uniqueness key exists.
  virtual Status InsertReward(const domain::Reward& reward) = 0;
  // Rewrites status, payout reference, reversal reason and updated_at.
  virtual Status UpdateReward(const domain::Reward& reward) = 0;
  virtual Status InsertRewardEvent(const domain::RewardEvent& event) = 0;

  virtual Status InsertUser(const domain::User& user) = 0;
  // Rewrites the user's name, role, disabled flag and password hash (never the id, email or creation).
  virtual Status UpdateUser(const domain::User& user) = 0;
  // Ends every session of the user; returns how many.
  virtual Result<std::int64_t> DeleteUserSessions(std::string_view user_id) = 0;
  virtual Status InsertPasswordReset(const domain::PasswordReset& reset) = 0;
  // Marks the reset used at `at` unless it was used already; returns whether this call used it.
  virtual Result<bool> UsePasswordReset(std::string_view token_hash, Timestamp at) = 0;
  // Marks every unused reset of the user used at `at`; returns how many.
  virtual Result<std::int64_t> RetirePasswordResets(std::string_view user_id, Timestamp at) = 0;
  virtual Status InsertSession(const domain::SessionRecord& session) = 0;
  virtual Status TouchSession(std::string_view token_hash, Timestamp last_seen_at) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Inserts a new, unused link (its used_at is not read).
  virtual Status InsertSignInLink(const domain::SignInLink& link) = 0;
  // Marks the link used at `at` unless it was used already; returns whether this call used it.
  virtual Result<bool> UseSignInLink(std::string_view token_hash, Timestamp at) = 0;
  virtual Status InsertAdvocateSession(const domain::AdvocateSession& session) = 0;
  virtual Status TouchAdvocateSession(std::string_view token_hash, Timestamp last_seen_at) = 0;
  virtual Status DeleteAdvocateSession(std::string_view token_hash) = 0;
  // Ends every portal session of the advocate but the one whose hash is `keep_token_hash`;
  // returns how many.
  virtual Result<std::int64_t> DeleteOtherAdvocateSessions(std::string_view advocate_id,
                                                           std::string_view keep_token_hash) = 0;
  // Sets (or replaces) the advocate's portal password.
  virtual Status PutAdvocatePassword(std::string_view advocate_id, const domain::AdvocatePassword& password) = 0;
  // Removes the advocate's portal password (no-op when none is set).
  virtual Status DeleteAdvocatePassword(std::string_view advocate_id) = 0;
  // Marks every unused sign-in link of the advocate used at `at`; returns how many.
  virtual Result<std::int64_t> RetireSignInLinks(std::string_view advocate_id, Timestamp at) = 0;
  // Removes sessions (staff and advocates') last used before `idle_before` or created before
  // `created_before`; returns how many.
  virtual Result<std::int64_t> DeleteStaleSessions(Timestamp idle_before, Timestamp created_before) = 0;
  virtual Status InsertApiKey(const domain::ApiKey& key) = 0;
  virtual Status RevokeApiKey(std::string_view id, Timestamp when) = 0;

  // Appends an audit event (the trail is never changed).
  virtual Status InsertAuditEvent(const domain::AuditEvent& event) = 0;

  virtual Status InsertIdempotencyRecord(const domain::IdempotencyRecord& record) = 0;
  // Removes records whose expiry is at or before `now`; returns how many.
  virtual Result<std::int64_t> DeleteExpiredIdempotencyRecords(Timestamp now) = 0;
  virtual Status PutSetting(std::string_view name, std::string_view value) = 0;
};

// A database. Thread-safe: any number of threads may call Read and Write concurrently.
class Store {
 public:
  using WriteWork = std::function<Status(Tx&)>;
  using ReadWork = std::function<Status(Queries&)>;

  virtual ~Store() = default;

  // Runs `work` in a transaction and returns once the outcome is durable. When `work` succeeds
  // and the commit succeeds, all its writes are committed; when either fails, none are, and the
  // error is returned (kUnavailable if the commit itself failed). Concurrent writes may share one
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
