#include "service/services.h"

#include "crypto/crypto.h"

namespace bb::service {

Result<std::string> LoadOrCreateSecret(store::Store& store, std::string_view name) {
  std::string value;
  BB_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto existing, tx.GetSetting(name));
    if (existing) {
      value = std::move(*existing);
      return Ok();
    }
    value = crypto::RandomToken(32);
    return tx.PutSetting(name, value);
  }));
  return value;
}

Result<std::unique_ptr<Services>> Services::Create(store::Store& store, const Clock& clock, MetricsRegistry& metrics,
                                                   const ServiceOptions& options) {
  BB_ASSIGN_OR_RETURN(std::string ip_hash_key, LoadOrCreateSecret(store, "secret.ip_hash"));
  BB_ASSIGN_OR_RETURN(std::string session_secret, LoadOrCreateSecret(store, "secret.session"));
  BB_ASSIGN_OR_RETURN(std::string cursor_key, LoadOrCreateSecret(store, "secret.cursor"));
  return std::unique_ptr<Services>(
      new Services(store, clock, metrics, options, ip_hash_key, session_secret, std::move(cursor_key)));
}

Status Services::CheckReady() {
  return store.Read([](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(q.GetSetting("secret.session"));
    return Ok();
  });
}

Services::Services(store::Store& store_in, const Clock& clock_in, MetricsRegistry& metrics,
                   const ServiceOptions& options, const std::string& ip_hash_key, const std::string& session_secret,
                   std::string cursor_key_in)
    : store(store_in),
      clock(clock_in),
      cursor_key(std::move(cursor_key_in)),
      ids(clock_in),
      idempotency(store_in, clock_in, options.idempotency_ttl),
      job_leases(store_in, clock_in),
      login_limiter(store_in, clock_in, options.login_per_minute, options.login_per_minute),
      public_limiter(store_in, clock_in, options.public_per_minute, options.public_per_minute),
      mail_limiter(store_in, clock_in, 1.0 / kEmailsPerAddressInterval.count(), kEmailsPerAddressBurst),
      click_limiter(clock_in, options.clicks_per_minute, options.clicks_per_minute),
      link_targets(clock_in, options.link_cache_ttl, 100000),
      email(store_in, clock_in, ids, options.email, crypto::HmacSha256Hex(session_secret, "email-unsubscribe"),
            options.public_base_url),
      email_templates(store_in, clock_in, ids, email, options.public_base_url),
      notifier(email, email_templates, options.public_base_url),
      staff_notifications(store_in),
      events(ids, representation::LinkBase{options.public_base_url}, &notifier),
      outbox(store_in, clock_in, ids, idempotency, notifier, options.outbox),
      webhooks(store_in, clock_in, ids, idempotency, outbox, options.webhooks),
      campaigns(store_in, clock_in, ids, idempotency, email, email_templates, events,
                crypto::HmacSha256Hex(session_secret, "campaign-invitations"), options.public_base_url),
      programs(store_in, clock_in, ids, idempotency, link_targets, campaigns),
      program_language(store_in, clock_in, ids),
      lifecycle(store_in, clock_in, ids),
      scoring(store_in, clock_in, ids),
      customer_value(store_in, clock_in, ids, idempotency),
      committees(store_in, clock_in, ids),
      credits(store_in, clock_in, ids),
      roi(store_in, clock_in),
      reports(store_in, clock_in, email, options.public_base_url),
      nps(store_in, clock_in, ids, idempotency, events, campaigns),
      points(store_in, clock_in, ids, idempotency),
      catalog(store_in, clock_in, ids, idempotency, events),
      challenges(store_in, clock_in, ids, idempotency),
      segments(store_in, clock_in, ids, idempotency),
      happiness(store_in, clock_in, ids),
      advocates(store_in, clock_in, ids, idempotency, link_targets, events),
      imports(store_in, clock_in, ids, advocates, events, link_targets),
      links(store_in, clock_in, ids, ip_hash_key, click_limiter, link_targets, metrics),
      reward_engine(ids, events),
      referrals(store_in, clock_in, ids, idempotency, reward_engine, events),
      connectors(store_in, clock_in, ids, referrals, options.connectors),
      rewards(store_in, clock_in, ids, idempotency, events, catalog),
      reward_preview(store_in, clock_in),
      auth(store_in, clock_in, ids, idempotency, session_secret, options.sessions, login_limiter),
      portal(store_in, clock_in, ids, session_secret, options.sessions, login_limiter, mail_limiter, email,
             email_templates, options.public_base_url),
      audit(store_in) {}

}  // namespace bb::service
