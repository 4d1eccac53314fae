#pragma once
// All use cases, wired to one store and one clock. Built once by the app (or a test) and shared
// by the HTTP handlers, the jobs and the CLI. Thread-safe.

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/result.h"
#include "domain/access.h"
#include "service/advocate_service.h"
#include "service/audit_trail.h"
#include "service/auth_service.h"
#include "service/buying_committee_service.h"
#include "service/campaign_service.h"
#include "service/catalog_service.h"
#include "service/challenge_service.h"
#include "service/connector_service.h"
#include "service/credit_service.h"
#include "service/customer_value_service.h"
#include "service/email_notifier.h"
#include "service/email_service.h"
#include "service/email_template_service.h"
#include "service/event_publisher.h"
#include "service/happiness_service.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/import_service.h"
#include "service/job_leases.h"
#include "service/lead_scoring_service.h"
#include "service/lifecycle_service.h"
#include "service/link_service.h"
#include "service/link_target_cache.h"
#include "service/nps_service.h"
#include "service/outbox_service.h"
#include "service/points_service.h"
#include "service/portal_service.h"
#include "service/program_language_service.h"
#include "service/program_service.h"
#include "service/rate_limiter.h"
#include "service/referral_service.h"
#include "service/report_service.h"
#include "service/reward_engine.h"
#include "service/reward_preview.h"
#include "service/reward_service.h"
#include "service/roi_calculator.h"
#include "service/segment_service.h"
#include "service/shared_rate_limiter.h"
#include "service/staff_notification_settings.h"
#include "service/webhook_service.h"
#include "store/store.h"

namespace bb::service {

struct ServiceOptions {
  Duration idempotency_ttl = std::chrono::hours(24);
  domain::SessionPolicy sessions{std::chrono::minutes(30), std::chrono::hours(12)};
  double login_per_minute = 10;                       // sign-in attempts per client and per email
  double public_per_minute = 30;                      // public form posts (join) per client
  double clicks_per_minute = 600;                     // recorded clicks per client address and instance; 0 = unlimited
  Duration link_cache_ttl = std::chrono::seconds(5);  // how stale another process's change may look
  std::string public_base_url = "http://localhost:8080";  // where advocates' links point (in events)
  OutboxOptions outbox;
  WebhookOptions webhooks;
  EmailOptions email;
  ConnectorOptions connectors;
};

class Services {
 public:
  // Loads (or creates on first start) the server secrets kept in the database.
  static Result<std::unique_ptr<Services>> Create(store::Store& store, const Clock& clock, MetricsRegistry& metrics,
                                                  const ServiceOptions& options);

  // Ok when the database answers a query.
  Status CheckReady();

  store::Store& store;
  const Clock& clock;
  // The key cursors are signed with (service/paging.h), kept in the database so that every instance
  // and every restart honours the cursors of the others.
  std::string cursor_key;
  IdGenerator ids;
  Idempotency idempotency;
  JobLeases job_leases;
  SharedRateLimiter login_limiter;   // staff and advocate sign-in, password resets
  SharedRateLimiter public_limiter;  // public form posts
  // Emails anyone may ask for, per recipient (kEmailsPerAddressBurst, then one per
  // kEmailsPerAddressInterval), so that nobody's inbox can be flooded.
  SharedRateLimiter mail_limiter;
  RateLimiter click_limiter;  // per instance (docs/architecture.md, rate limits)
  LinkTargetCache link_targets;
  EmailService email;
  EmailTemplateService email_templates;
  EmailNotifier notifier;
  StaffNotificationSettings staff_notifications;
  EventPublisher events;  // emails and webhook events, queued in the transactions of the changes
  OutboxService outbox;
  WebhookService webhooks;
  CampaignService campaigns;
  ProgramService programs;
  ProgramLanguageService program_language;
  LifecycleService lifecycle;
  LeadScoringService scoring;
  CustomerValueService customer_value;
  BuyingCommitteeService committees;
  CreditService credits;
  RoiCalculator roi;
  ReportService reports;
  NpsService nps;
  PointsService points;
  CatalogService catalog;
  ChallengeService challenges;
  SegmentService segments;
  HappinessService happiness;
  AdvocateService advocates;
  ImportService imports;
  LinkService links;
  RewardEngine reward_engine;
  ReferralService referrals;
  ConnectorService connectors;
  RewardService rewards;
  RewardPreview reward_preview;
  AuthService auth;
  PortalService portal;
  AuditService audit;

 private:
  Services(store::Store& store, const Clock& clock, MetricsRegistry& metrics, const ServiceOptions& options,
           const std::string& ip_hash_key, const std::string& session_secret, std::string cursor_key);
};

// The value of the named secret setting, created from 32 random bytes on first use.
Result<std::string> LoadOrCreateSecret(store::Store& store, std::string_view name);

}  // namespace bb::service
