#pragma once
// store::Tx over one SQL connection, for every backend: the statements of each area, written once
// in the SQL both databases understand (sql/connection.h), in one file per area. The caller owns
// the transaction (BEGIN/COMMIT); this class only runs statements. Used read-only by readers and
// read-write by writers.

#include <functional>
#include <vector>

#include "store/sql/click_keys.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace bb::store::sql {

class SqlTx : public Tx {
 public:
  // `summary_shard`: the shard of the click summaries this transaction adds to
  // (store/sql/click_summary.h).
  explicit SqlTx(Connection& connection, std::int64_t summary_shard = 0)
      : db_(connection), summary_shard_(summary_shard), click_keys_(connection) {}

  // Programs (sql_tx_programs.cc)
  Result<std::optional<domain::Program>> FindProgram(std::string_view id) override;
  Result<std::optional<domain::Program>> FindProgramBySlug(std::string_view slug) override;
  Result<std::vector<domain::Program>> ListPrograms(const ProgramQuery& query) override;
  Result<bool> ProgramHasMoney(std::string_view program_id) override;
  Status InsertProgram(const domain::Program& program) override;
  Status UpdateProgram(const domain::Program& program) override;
  Result<std::vector<domain::ProgramMonth>> ListProgramMonths(std::string_view program_id, std::string_view from_month,
                                                              std::string_view before_month) override;
  Status PutProgramMonth(const domain::ProgramMonth& month) override;
  Result<bool> DeleteProgramMonth(std::string_view program_id, std::string_view month) override;
  Result<domain::ProgramLanguage> ReadProgramLanguage(std::string_view program_id) override;
  Status PutProgramLanguage(std::string_view program_id, const domain::ProgramLanguage& settings) override;

  // Advocates and people (sql_tx_advocates.cc)
  Result<std::optional<domain::Person>> FindPersonByEmail(std::string_view email_normalized) override;
  Result<std::optional<domain::Advocate>> FindAdvocate(std::string_view id) override;
  Result<std::optional<domain::Advocate>> FindAdvocateByPerson(std::string_view program_id,
                                                               std::string_view person_id) override;
  Result<std::vector<domain::Advocate>> ListAdvocates(const AdvocateQuery& query) override;
  Status InsertPerson(const domain::Person& person) override;
  Status InsertAdvocate(const domain::Advocate& advocate) override;
  Status UpdateAdvocate(const domain::Advocate& advocate) override;

  // Tracked links and clicks (sql_tx_links.cc)
  Result<std::optional<LinkTarget>> FindLinkTarget(std::string_view code) override;
  Result<std::vector<domain::Click>> ListClicksByVisitor(std::string_view visitor_id, int limit) override;
  Result<std::vector<ClickRecord>> ListClicks(const ClickQuery& query, const std::optional<ClickPosition>& after,
                                              int limit) override;
  Result<bool> AdvocateSeenAt(std::string_view advocate_id, std::string_view visitor_id, std::string_view ip_hash,
                              Timestamp since) override;
  // Inserts the click and adds it to the click summaries.
  Status InsertClick(const domain::Click& click) override;
  Status InsertAdvocateSighting(std::string_view advocate_id, std::string_view visitor_id, std::string_view ip_hash,
                                Timestamp at) override;

  // Referrals (sql_tx_referrals.cc)
  Result<std::optional<domain::Referral>> FindReferral(std::string_view id) override;
  Result<std::vector<domain::Referral>> ListReferrals(const ReferralQuery& query) override;
  Result<std::vector<domain::ReferralEvent>> ListReferralEvents(std::string_view referral_id) override;
  Result<std::vector<domain::Referral>> ListReferralsByReferee(std::string_view program_id, std::string_view email_key,
                                                               std::string_view phone, Timestamp since,
                                                               int limit) override;
  Result<std::int64_t> CountReferralsByAdvocateSince(std::string_view advocate_id, Timestamp since) override;
  Result<std::int64_t> CountReferralsByIpHashSince(std::string_view ip_hash, Timestamp since) override;
  Result<std::int64_t> CountWonClearReferrals(std::string_view advocate_id) override;
  Result<std::optional<WinCount>> FindWinCount(std::string_view referral_id) override;
  Result<std::vector<domain::Referral>> ListReferralsCreatedBy(std::string_view program_id, Timestamp as_of) override;
  Result<std::vector<ReferralStageChange>> ListReferralStageChanges(std::string_view program_id,
                                                                    Timestamp as_of) override;
  Result<std::vector<domain::ReferralEvent>> ListProgramReferralHistories(std::string_view program_id) override;
  Result<std::vector<SequencedReferralEvent>> ListProgramReferralEvents(std::string_view program_id,
                                                                        std::int64_t after_sequence,
                                                                        int limit) override;
  Status InsertReferral(const domain::Referral& referral) override;
  Status UpdateReferral(const domain::Referral& referral) override;
  Status InsertReferralEvent(const domain::ReferralEvent& event) override;

  // Reward rules and the ledger (sql_tx_rewards.cc)
  Result<std::optional<domain::RewardRule>> FindRewardRule(std::string_view id) override;
  Result<std::vector<domain::RewardRule>> ListRewardRules(std::string_view program_id) override;
  Result<std::optional<domain::Reward>> FindReward(std::string_view id) override;
  Result<std::optional<domain::Reward>> FindRewardByKey(std::string_view rule_id, std::string_view referral_id,
                                                        domain::Beneficiary beneficiary,
                                                        std::string_view trigger_key) override;
  Result<std::vector<domain::Reward>> ListRewards(const RewardQuery& query) override;
  Result<domain::CapUsage> GetRewardUsage(std::string_view rule_id, std::string_view advocate_id, Timestamp from,
                                          Timestamp before) override;
  Result<std::vector<domain::RewardBalance>> GetRewardBalances(std::string_view advocate_id) override;
  Result<std::vector<domain::RewardEvent>> ListRewardEvents(std::string_view reward_id) override;
  Status InsertRewardRule(const domain::RewardRule& rule) override;
  Status RetireRewardRule(std::string_view id, Timestamp at) override;
  Status InsertReward(const domain::Reward& reward) override;
  Status UpdateReward(const domain::Reward& reward) override;
  Status InsertRewardEvent(const domain::RewardEvent& event) override;

  // Analytics (sql_tx_analytics.cc)
  Result<domain::ProgramStats> GetProgramStats(std::string_view program_id, const domain::TimeRange& range) override;
  Result<domain::Analytics> GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before,
                                         domain::AnalyticsBasis basis) override;
  Result<domain::AdvocateActivity> GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
                                                       Timestamp before) override;
  Result<std::vector<domain::ClickDay>> ListClickDays(std::string_view program_id, std::int64_t from_day,
                                                      std::int64_t before_day) override;
  Result<std::vector<domain::ClickDay>> ComputeClickDays(std::string_view program_id, std::int64_t from_day,
                                                         std::int64_t before_day) override;
  Result<std::optional<std::pair<std::int64_t, std::int64_t>>> GetClickDaySpan(std::string_view program_id) override;
  Status RebuildClickDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) override;
  Result<domain::ReferralSummary> ListReferralDays(std::string_view program_id, std::int64_t from_day,
                                                   std::int64_t before_day) override;
  Result<domain::ReferralSummary> ComputeReferralDays(std::string_view program_id, std::int64_t from_day,
                                                      std::int64_t before_day) override;
  Result<std::optional<std::pair<std::int64_t, std::int64_t>>> GetReferralDaySpan(std::string_view program_id) override;
  Status RebuildReferralDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) override;

  // Pipeline report (sql_tx_pipeline.cc)
  Result<std::vector<domain::WonReferral>> ListWonReferrals(std::string_view program_id, Timestamp from,
                                                            Timestamp before) override;
  Result<std::vector<domain::StageOutcomeCount>> CountStageOutcomes(std::string_view program_id, Timestamp from,
                                                                    Timestamp before) override;
  Result<std::vector<domain::OpenReferralCount>> CountOpenReferrals(std::string_view program_id) override;
  Result<std::vector<domain::ReferredCustomer>> ListReferredCustomers(std::string_view program_id,
                                                                      Timestamp before) override;

  // NPS answers (sql_tx_nps.cc)
  Result<std::vector<domain::Respondent>> ListNpsRespondents(std::string_view program_id, Timestamp from,
                                                             Timestamp before, Duration window) override;
  Result<std::optional<std::string>> FindLatestNpsResponseId(std::string_view program_id,
                                                             std::string_view person_key) override;
  Status InsertNpsResponse(const domain::NpsResponse& response) override;
  Result<std::optional<domain::NpsResponse>> FindNpsResponse(std::string_view id) override;
  Status UpdateNpsAnswer(const domain::NpsResponse& response) override;
  Result<std::optional<domain::FollowupTask>> FindFollowupTask(std::string_view id) override;
  Result<std::vector<domain::FollowupTask>> ListFollowupTasks(const FollowupQuery& query) override;
  Result<domain::FollowupFigures> CountFollowupTasks(std::string_view program_id, Timestamp from, Timestamp before,
                                                     Timestamp now) override;
  Status InsertFollowupTask(const domain::FollowupTask& task) override;
  Status UpdateFollowupTask(const domain::FollowupTask& task) override;

  // Advocacy points (sql_tx_points.cc)
  Result<std::optional<domain::PointsSettings>> FindPointsSettings(std::string_view program_id) override;
  Result<std::vector<domain::PointsEntry>> ListPointsEntries(std::string_view advocate_id) override;
  Result<std::vector<domain::PointsEntry>> ListPointsEntriesPage(std::string_view advocate_id,
                                                                 std::string_view before_id, int limit) override;
  Result<std::vector<domain::PointsEntry>> ListPointsEntriesOfRef(std::string_view program_id,
                                                                  std::string_view ref) override;
  Result<std::vector<LeaderboardRow>> RankLeaderboard(const LeaderboardQuery& query) override;
  Result<std::optional<LeaderboardRow>> FindLeaderboardRow(const LeaderboardQuery& query,
                                                           std::string_view advocate_id) override;
  Result<bool> IsHiddenFromLeaderboards(std::string_view advocate_id) override;
  Result<std::int64_t> LifetimePoints(std::string_view program_id, std::string_view advocate_id) override;
  Status InsertPointsEntry(const domain::PointsEntry& entry) override;
  Status PutPointsSettings(const domain::PointsSettings& settings) override;
  Status SetHiddenFromLeaderboards(std::string_view advocate_id, bool hidden, Timestamp at) override;

  // The rewards catalogue (sql_tx_catalog.cc)
  Result<std::vector<domain::CatalogItem>> ListCatalogItems(std::string_view program_id, bool include_retired) override;
  Result<std::optional<domain::CatalogItem>> FindCatalogItem(std::string_view id) override;
  Result<std::int64_t> CountLiveRedemptions(std::string_view item_id, std::string_view advocate_id) override;
  Result<std::int64_t> CountBackorders(std::string_view item_id) override;
  Result<std::optional<domain::Redemption>> FindRedemption(std::string_view id) override;
  Result<std::vector<domain::Redemption>> ListRedemptions(const RedemptionQuery& query) override;
  Status InsertCatalogItem(const domain::CatalogItem& item) override;
  Status UpdateCatalogItem(const domain::CatalogItem& item) override;
  Status InsertRedemption(const domain::Redemption& redemption) override;
  Status UpdateRedemption(const domain::Redemption& redemption) override;

  // Challenges (sql_tx_challenges.cc)
  Result<std::optional<domain::Challenge>> FindChallenge(std::string_view id) override;
  Result<std::vector<domain::Challenge>> ListChallenges(std::string_view program_id, bool include_retired) override;
  Result<std::vector<domain::Challenge>> ListOpenChallenges(std::string_view program_id, Timestamp at) override;
  Result<std::vector<domain::Challenge>> ListShareChallengesToSweep(Timestamp at, Timestamp ended_after) override;
  Result<std::int64_t> CountLiveCompletions(std::string_view challenge_id, std::int64_t step,
                                            std::string_view advocate_id) override;
  Result<bool> ChallengeHasCompletions(std::string_view challenge_id) override;
  Result<std::optional<domain::ChallengeCompletion>> FindCompletion(std::string_view id) override;
  Result<std::vector<domain::ChallengeCompletion>> ListCompletions(const CompletionQuery& query) override;
  Result<std::optional<ClickPosition>> FindShareCursor(std::string_view challenge_id) override;
  Status InsertChallenge(const domain::Challenge& challenge) override;
  Status UpdateChallenge(const domain::Challenge& challenge) override;
  Status InsertCompletion(const domain::ChallengeCompletion& completion) override;
  Status UpdateCompletion(const domain::ChallengeCompletion& completion) override;
  Result<std::int64_t> ReverseCompletionsOfRef(std::string_view program_id, std::string_view ref,
                                               Timestamp at) override;
  Status SetShareCursor(std::string_view challenge_id, const ClickPosition& position) override;

  // Happiness ratings (sql_tx_happiness.cc)
  Result<std::optional<domain::RatingRequest>> FindRatingRequest(std::string_view id) override;
  Result<std::optional<domain::RatingRequest>> FindRatingRequestByToken(std::string_view token_hash) override;
  Result<std::optional<domain::Rating>> FindRating(std::string_view id) override;
  Result<std::optional<domain::Rating>> FindRatingOfRequest(std::string_view request_id) override;
  Result<std::vector<domain::Rating>> ListRatingsItMayRepeat(const domain::Rating& fresh, Timestamp since) override;
  Result<std::int64_t> CountRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id,
                                               Timestamp since) override;
  Result<std::vector<domain::RatingRequest>> ListOpenRatingRequests(std::string_view recipient, Timestamp now,
                                                                    int limit) override;
  Result<std::vector<domain::Rating>> ListRatings(const RatingQuery& query) override;
  Result<std::vector<HappinessRow>> CountHappiness(std::string_view program_id, Timestamp from,
                                                   Timestamp before) override;
  Status InsertRatingRequest(const domain::RatingRequest& request) override;
  Status InsertRating(const domain::Rating& rating) override;
  Status UpdateRating(const domain::Rating& rating) override;
  Status FlagRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id, Timestamp since) override;

  // Lifecycle stages (sql_tx_lifecycle.cc)
  Result<std::optional<domain::LifecycleSettings>> FindLifecycleSettings(std::string_view program_id) override;
  Result<std::optional<domain::LifecycleContact>> FindLifecycleContact(std::string_view program_id,
                                                                       std::string_view contact) override;
  Result<std::vector<domain::LifecycleMove>> ListLifecycleMovesOf(std::string_view program_id,
                                                                  std::string_view contact) override;
  Result<std::vector<domain::LifecycleMove>> ListLifecycleMoves(std::string_view program_id, Timestamp as_of) override;
  Result<bool> LifecycleStageReached(std::string_view program_id, std::string_view key) override;
  Status PutLifecycleSettings(const domain::LifecycleSettings& settings) override;
  Status InsertLifecycleMove(const domain::LifecycleMove& move) override;

  // Lead scoring (sql_tx_scoring.cc)
  Result<std::optional<ScoreModelRecord>> FindScoreModel(std::string_view program_id,
                                                         std::optional<std::int64_t> version) override;
  Result<std::vector<domain::EngagementEvent>> ListEngagementEvents(std::string_view program_id,
                                                                    std::string_view person, Timestamp as_of) override;
  Status InsertScoreModel(const ScoreModelRecord& record) override;
  Result<bool> InsertEngagementEvent(const domain::EngagementEvent& event) override;

  // Customer value (sql_tx_customer_value.cc)
  Result<std::optional<domain::ValueSettings>> FindValueSettings(std::string_view program_id,
                                                                 std::optional<std::int64_t> version) override;
  Result<std::vector<Enrolment>> ListEnrolments(std::string_view program_id, Timestamp as_of) override;
  Result<std::vector<domain::CustomerInputs>> ListCustomerInputs(std::string_view program_id,
                                                                 std::string_view advocate_id,
                                                                 Timestamp as_of) override;
  Result<std::vector<domain::ValueEntry>> ListValueEntries(std::string_view program_id, std::string_view advocate_id,
                                                           Timestamp as_of) override;
  Result<std::vector<RewardCost>> ListRewardCosts(std::string_view program_id, Timestamp as_of) override;
  Result<std::vector<domain::IncrementalityAnswer>> ListIncrementalityAnswers(std::string_view program_id,
                                                                              Timestamp as_of) override;
  Status InsertValueSettings(const domain::ValueSettings& settings) override;
  Status InsertCustomerInputs(const domain::CustomerInputs& inputs) override;
  Status InsertValueEntry(const domain::ValueEntry& entry) override;
  Status InsertIncrementalityAnswer(const domain::IncrementalityAnswer& answer) override;

  // Split credit (sql_tx_credits.cc)
  Result<std::optional<CreditPolicyRecord>> FindCreditPolicy(std::string_view program_id) override;
  Result<std::optional<domain::ReferralCredit>> FindReferralCredit(std::string_view referral_id) override;
  Result<std::optional<domain::ReferralCredit>> FindDealCredit(std::string_view program_id,
                                                               std::string_view deal_key) override;
  Result<std::vector<domain::ReferralCredit>> ListCreditsTouching(std::string_view referral_id) override;
  Result<std::vector<domain::ReferralCredit>> ListReferralCredits(std::string_view program_id) override;
  Result<std::vector<domain::Referral>> ListDealTouches(const DealTouchQuery& query) override;
  Status PutCreditPolicy(const CreditPolicyRecord& record) override;
  Status InsertReferralCredit(const domain::ReferralCredit& credit) override;

  // Buying committees (sql_tx_committees.cc)
  Result<std::optional<domain::BuyingCommittee>> FindCommittee(std::string_view referral_id, Timestamp as_of) override;
  Result<std::vector<domain::BuyingCommittee>> ListCommittees(std::string_view program_id, Timestamp as_of) override;
  Status InsertCommittee(const domain::BuyingCommittee& committee) override;
  Result<std::int64_t> ErasePersonality(std::string_view referral_id, std::string_view email_key) override;

  // Segments (sql_tx_segments.cc)
  Result<std::optional<domain::ProgramSegment>> FindSegment(std::string_view id) override;
  Result<std::vector<domain::ProgramSegment>> ListSegments(std::string_view program_id, bool include_retired) override;
  Result<std::optional<domain::SegmentEmailTemplate>> FindSegmentEmailTemplate(std::string_view segment_id,
                                                                               domain::EmailKind kind) override;
  Result<std::vector<domain::SegmentEmailTemplate>> ListSegmentEmailTemplates(std::string_view segment_id) override;
  Result<domain::SegmentCohortRows> ReadSegmentCohort(std::string_view program_id, Timestamp from,
                                                      Timestamp before) override;
  Status InsertSegment(const domain::ProgramSegment& segment) override;
  Status UpdateSegment(const domain::ProgramSegment& segment) override;
  Status PutSegmentEmailTemplate(const domain::SegmentEmailTemplate& email_template) override;
  Result<bool> DeleteSegmentEmailTemplate(std::string_view segment_id, domain::EmailKind kind) override;

  // Staff accounts (sql_tx_accounts.cc)
  Result<std::optional<domain::User>> FindUser(std::string_view id) override;
  Result<std::optional<domain::User>> FindUserByEmail(std::string_view email) override;
  Result<std::vector<domain::User>> ListUsers() override;
  Result<std::int64_t> CountActiveAdmins() override;
  Result<std::optional<domain::PasswordReset>> FindPasswordReset(std::string_view token_hash) override;
  Result<std::optional<domain::SessionRecord>> FindSession(std::string_view token_hash) override;
  Result<std::optional<domain::ApiKey>> FindApiKey(std::string_view id) override;
  Result<std::vector<domain::ApiKey>> ListApiKeys() override;
  Status InsertUser(const domain::User& user) override;
  Status UpdateUser(const domain::User& user) override;
  Result<std::int64_t> DeleteUserSessions(std::string_view user_id) override;
  Status InsertPasswordReset(const domain::PasswordReset& reset) override;
  Result<bool> UsePasswordReset(std::string_view token_hash, Timestamp at) override;
  Result<std::int64_t> RetirePasswordResets(std::string_view user_id, Timestamp at) override;
  Status InsertSession(const domain::SessionRecord& session) override;
  Status TouchSession(std::string_view token_hash, Timestamp last_seen_at) override;
  Status DeleteSession(std::string_view token_hash) override;
  Result<std::int64_t> DeleteStaleSessions(Timestamp idle_before, Timestamp created_before) override;
  Status InsertApiKey(const domain::ApiKey& key) override;
  Status RevokeApiKey(std::string_view id, Timestamp when) override;

  // Advocates' portal access (sql_tx_portal.cc)
  Result<std::optional<domain::SignInLink>> FindSignInLink(std::string_view token_hash) override;
  Result<std::optional<domain::AdvocateSession>> FindAdvocateSession(std::string_view token_hash) override;
  Result<std::optional<domain::AdvocatePassword>> FindAdvocatePassword(std::string_view advocate_id) override;
  Status InsertSignInLink(const domain::SignInLink& link) override;
  Result<bool> UseSignInLink(std::string_view token_hash, Timestamp at) override;
  Status InsertAdvocateSession(const domain::AdvocateSession& session) override;
  Status TouchAdvocateSession(std::string_view token_hash, Timestamp last_seen_at) override;
  Status DeleteAdvocateSession(std::string_view token_hash) override;
  Result<std::int64_t> DeleteOtherAdvocateSessions(std::string_view advocate_id,
                                                   std::string_view keep_token_hash) override;
  Status PutAdvocatePassword(std::string_view advocate_id, const domain::AdvocatePassword& password) override;
  Status DeleteAdvocatePassword(std::string_view advocate_id) override;
  Result<std::int64_t> RetireSignInLinks(std::string_view advocate_id, Timestamp at) override;

  // The audit trail (sql_tx_audit.cc)
  Result<std::vector<domain::AuditEvent>> ListAuditEvents(const AuditQuery& query) override;
  Status InsertAuditEvent(const domain::AuditEvent& event) override;

  // Idempotency records, settings, rate buckets and job leases (sql_tx_server_state.cc)
  Result<std::optional<domain::IdempotencyRecord>> FindIdempotencyRecord(std::string_view scope,
                                                                         std::string_view key) override;
  Result<std::optional<std::string>> GetSetting(std::string_view name) override;
  Result<std::optional<StoredRateBucket>> FindRateBucket(std::string_view key_hash) override;
  Status InsertIdempotencyRecord(const domain::IdempotencyRecord& record) override;
  Result<std::int64_t> DeleteExpiredIdempotencyRecords(Timestamp now) override;
  Status PutSetting(std::string_view name, std::string_view value) override;
  Status PutRateBucket(const StoredRateBucket& bucket) override;
  Result<std::int64_t> DeleteFullRateBuckets(Timestamp now) override;
  Result<bool> ClaimJobLease(std::string_view job, std::string_view holder, Timestamp now, Timestamp until) override;
  Status ReleaseJobLease(std::string_view job, std::string_view holder, Timestamp now) override;

  // The outbox (sql_tx_outbox.cc)
  Result<std::optional<domain::OutboxItem>> FindOutboxItem(std::string_view id) override;
  Result<std::vector<domain::OutboxItem>> ListOutboxItems(const OutboxQuery& query) override;
  Result<std::vector<domain::OutboxAttempt>> ListOutboxAttempts(std::string_view outbox_id) override;
  Result<bool> AnyOutboxItemDue(Timestamp now) override;
  Result<std::vector<OutboxKindStats>> GetOutboxStats() override;
  Status InsertOutboxItem(const domain::OutboxItem& item) override;
  Result<std::vector<domain::OutboxItem>> ClaimOutboxItems(std::string_view holder, Timestamp now,
                                                           Timestamp lease_until, int limit) override;
  Result<bool> RecordOutboxAttempt(const OutboxAttemptReport& report) override;
  Result<bool> ReplayOutboxItem(std::string_view id, Timestamp now) override;
  Result<std::int64_t> KillPendingOutboxItems(domain::OutboxKind kind, std::string_view target, std::string_view reason,
                                              Timestamp now) override;
  Status SetOutboxPayload(std::string_view id, std::string_view payload) override;

  // Webhook endpoints (sql_tx_webhooks.cc)
  Result<std::optional<domain::WebhookEndpoint>> FindWebhookEndpoint(std::string_view id) override;
  Result<std::vector<domain::WebhookEndpoint>> ListWebhookEndpoints() override;
  Result<std::vector<domain::WebhookEndpoint>> ListSubscribedWebhookEndpoints(std::string_view event_type) override;
  Status InsertWebhookEndpoint(const domain::WebhookEndpoint& endpoint) override;
  Status UpdateWebhookEndpoint(const domain::WebhookEndpoint& endpoint) override;
  Status DeleteWebhookEndpoint(std::string_view id) override;

  // The suppression list (sql_tx_email.cc)
  Result<std::optional<domain::Suppression>> FindSuppression(std::string_view email) override;
  Result<std::vector<domain::Suppression>> ListSuppressions(std::string_view before_id, int limit) override;
  Result<std::vector<domain::Suppression>> FindSuppressions(const std::vector<std::string>& emails) override;
  Status PutSuppression(const domain::Suppression& suppression) override;
  Result<bool> DeleteSuppression(std::string_view email) override;
  Result<std::optional<domain::EmailTemplate>> FindEmailTemplate(std::string_view program_id,
                                                                 domain::EmailKind kind) override;
  Result<std::vector<domain::EmailTemplate>> ListEmailTemplates(std::string_view program_id) override;
  Status PutEmailTemplate(const domain::EmailTemplate& email_template) override;
  Result<bool> DeleteEmailTemplate(std::string_view program_id, domain::EmailKind kind) override;
  Result<std::vector<std::string>> ListStaffNotifications(std::string_view user_id) override;
  Result<std::vector<domain::User>> ListUsersNotifiedOf(std::string_view topic) override;
  Result<std::vector<DigestFigures>> ListDigestFigures(Timestamp from, Timestamp until) override;
  Status SetStaffNotification(std::string_view user_id, std::string_view topic, bool on) override;

  // Imports (sql_tx_imports.cc).
  Result<std::optional<domain::Import>> FindImport(std::string_view id) override;
  Result<std::vector<domain::Import>> ListImports(std::string_view program_id, std::string_view kind,
                                                  std::string_view before_id, int limit) override;
  Status InsertImport(const domain::Import& import) override;
  Status UpdateImport(const domain::Import& import) override;

  // Connectors (sql_tx_connectors.cc).
  Result<std::optional<domain::Connector>> FindConnector(std::string_view id) override;
  Result<std::vector<domain::Connector>> ListConnectors() override;
  Result<std::optional<CrmRecord>> FindCrmRecord(std::string_view connector_id, std::string_view referral_id) override;
  Result<CrmRecordCounts> CountCrmRecords(std::string_view connector_id) override;
  Result<std::vector<CrmRecord>> ListSyncedOpenCrmRecords(std::string_view connector_id,
                                                          std::string_view after_referral_id, int limit) override;
  Result<std::vector<CrmAdvocate>> ListCrmAdvocates(std::string_view program_id,
                                                    const std::optional<CrmAdvocatePosition>& after, Timestamp until,
                                                    int limit) override;
  Result<std::vector<ConnectorLogEntry>> ListConnectorLog(std::string_view connector_id, std::string_view before_id,
                                                          int limit) override;
  Status InsertConnector(const domain::Connector& connector) override;
  Status UpdateConnector(const domain::Connector& connector) override;
  Result<bool> DeleteConnector(std::string_view id) override;
  Status EnqueueCrmRecord(std::string_view connector_id, std::string_view referral_id, Timestamp now) override;
  Status EnqueueOpenReferralsForCrm(std::string_view connector_id, std::string_view program_id, bool clear_only,
                                    Timestamp now) override;
  Result<std::vector<CrmRecord>> ClaimCrmRecords(std::string_view connector_id, std::string_view holder, Timestamp now,
                                                 Timestamp lease_until, int limit) override;
  Status RequeueCrmRecords(std::string_view connector_id, Timestamp now) override;
  Status UpdateCrmRecord(const CrmRecord& record) override;
  Status ForgetSentScores(std::string_view connector_id) override;
  Result<std::int64_t> DeleteConnectorLogBefore(std::string_view before_id) override;
  Status InsertConnectorLog(const ConnectorLogEntry& entry) override;

  // Campaigns (sql_tx_campaigns.cc).
  Result<std::optional<domain::Campaign>> FindCampaign(std::string_view id) override;
  Result<std::vector<domain::Campaign>> ListCampaigns(std::string_view program_id, std::string_view created_by,
                                                      std::string_view before_id, int limit) override;
  Result<std::vector<CampaignRecipientRow>> ListCampaignRecipients(std::string_view campaign_id,
                                                                   std::string_view after_email, int limit) override;
  Result<std::optional<Timestamp>> LastCampaignEmailAt(std::string_view program_id, domain::CampaignKind kind,
                                                       std::string_view email) override;
  Result<std::optional<domain::Campaign>> FindAutomaticCampaign(std::string_view program_id,
                                                                domain::CampaignKind kind) override;
  Result<std::optional<domain::CampaignRecipient>> FindCampaignRecipient(std::string_view campaign_id,
                                                                         std::string_view email) override;
  Result<std::optional<domain::CampaignRecipient>> FindCampaignRecipientByToken(std::string_view token_hash) override;
  Result<domain::CampaignCounts> CountCampaign(const domain::Campaign& campaign) override;
  Result<std::vector<std::string>> ListIdleAdvocateIds(std::string_view program_id, int limit) override;
  Result<bool> HasOpenCampaignEmail(std::string_view program_id, domain::CampaignKind kind,
                                    std::string_view email) override;
  Result<std::vector<domain::CampaignRecipient>> ListAdvocatesToSurvey(std::string_view program_id,
                                                                       Timestamp sent_since, int limit) override;
  Result<bool> AdvocateActedSince(std::string_view advocate_id, Timestamp since) override;
  Status InsertCampaign(const domain::Campaign& campaign) override;
  Status UpdateCampaign(const domain::Campaign& campaign) override;
  Status InsertCampaignRecipient(const domain::CampaignRecipient& recipient) override;
  Status UpdateCampaignRecipient(const domain::CampaignRecipient& recipient) override;
  Result<std::vector<domain::CampaignRecipient>> ClaimDueCampaignRecipients(Timestamp now, int limit) override;
  Result<std::vector<domain::Campaign>> ListFinishedCampaigns(Timestamp now) override;
  Status NoteCampaignEmailOutcome(std::string_view message_id, bool delivered, Timestamp at) override;
  Result<std::int64_t> KillCampaignEmails(std::string_view campaign_id, std::string_view error, Timestamp now) override;

  // SQLite's advocate search index (migration 24) is written here, at the end of each job, not
  // beside each advocate: FTS5 writes its pending entries out at every statement savepoint (which
  // an upsert or a trigger opens), and writing them beside each advocate of an import made it three
  // times slower. FlushSearchIndex writes what the transaction queued (VALUES statements, no
  // savepoint); DropSearchIndex forgets it (the job was undone). Nothing queued on PostgreSQL, whose
  // indexes are on the rows.
  Status FlushSearchIndex();
  void DropSearchIndex() { pending_search_.clear(); }

  // Click keys not cached are looked up and made through `outside` (store/sql/click_keys.h).
  void MakeClickKeysOutside(OutsideConnection outside) { click_keys_.MakeKeysOutside(std::move(outside)); }

 protected:
  // What a click's row holds beside the click's own figures.
  struct ClickRow {
    domain::Bits128 visitor;
    domain::Bits128 address;
    ClickKeys keys;
  };
  // The row of `click`: kInvalidArgument naming visitor_id or ip_hash when either cannot be kept
  // as bits (store/links.h); its keys made if new.
  Result<ClickRow> PrepareClickRow(const domain::Click& click);
  // Inserts the click's row only (no summary).
  virtual Status InsertClickRow(const domain::Click& click);
  Connection& connection() { return db_; }
  std::int64_t summary_shard() const { return summary_shard_; }

 private:
  // Loads attributes and tags for `advocates` (by id) in two queries.
  Status LoadAdvocateDetails(std::vector<domain::Advocate>& advocates);
  Status WriteAdvocateDetails(const domain::Advocate& advocate);
  // Runs `steps` inside a savepoint: when they fail, everything they wrote is undone.
  Status Atomically(const std::function<Status()>& steps);
  // FindLeaderboardRow of a board read from the running totals (sql_tx_points.cc).
  Result<std::optional<LeaderboardRow>> FindRunningTotalRow(const LeaderboardQuery& query,
                                                            std::string_view advocate_id);
  // Runs `statement`; a UNIQUE violation becomes kConflict naming `field`.
  Status RunUnique(Statement& statement, std::string_view field);
  // Fills the counted touches of each split read (sql_tx_credits.cc).
  Status LoadTouches(std::vector<domain::ReferralCredit>& credits);
  Result<std::vector<domain::ReferralCredit>> WithTouches(Result<std::vector<domain::ReferralCredit>> credits);
  Result<std::optional<domain::ReferralCredit>> WithTouches(Result<std::optional<domain::ReferralCredit>> credit);

  // Queues the search index's writes for `advocate`, inserted (`is_new`) or updated (its texts in
  // advocate_search_text are written at once): see FlushSearchIndex.
  Status IndexForSearch(const domain::Advocate& advocate, bool is_new);

  // One queued write of the FTS5 index: a row's texts, added or (forget) taken out.
  struct SearchIndexWrite {
    bool forget = false;
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string company;
  };

  Connection& db_;
  const std::int64_t summary_shard_;
  ClickKeyResolver click_keys_;
  std::vector<SearchIndexWrite> pending_search_;
};

}  // namespace bb::store::sql
