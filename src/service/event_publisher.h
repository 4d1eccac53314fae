#pragma once
// Events, published in the transaction of the change they report: the emails people are owed
// (service/email_notifier.h), and webhook deliveries: for each enabled endpoint
// subscribed to the event's type, one outbox item carrying `{"type", "timestamp", "data"}` with the
// object as the API shows it at that moment. Every endpoint receives the same message id (the
// `webhook-id` receivers deduplicate by). With no endpoint subscribed, nothing is written and the
// object is not even rendered, so a program without webhooks pays one small read per change.
//
// Thread-safety: immutable after construction; Publish may be called from any thread.

#include <boost/json/value.hpp>

#include <functional>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "representation/resource_json.h"
#include "service/email_notifier.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

class EventPublisher {
 public:
  // `notifier` null: no emails (the demo's made-up history tells nobody).
  EventPublisher(const IdGenerator& ids, representation::LinkBase links, const EmailNotifier* notifier)
      : ids_(ids), links_(std::move(links)), notifier_(notifier) {}

  // Inside a write transaction: queues event `type` that happened at `at`, its data made by `data`
  // (called once, and only when an endpoint is subscribed). Fails only when storage does, which
  // fails the transaction and so the change: a change is never made without its events.
  Status Publish(store::Tx& tx, Timestamp at, std::string_view type,
                 const std::function<boost::json::value()>& data) const;

  // "advocate.enrolled" or "advocate.updated" with the advocate.
  Status Advocate(store::Tx& tx, Timestamp at, std::string_view type, const domain::Advocate& advocate) const;
  // "referral.created", "referral.review_changed" or "referral.stage_changed" with the referral;
  // the first two also queue the referral for the CRM connectors (service/crm_queue.h).
  Status Referral(store::Tx& tx, Timestamp at, std::string_view type, const domain::Referral& referral) const;
  // "reward.created" for a new ledger entry.
  Status RewardCreated(store::Tx& tx, Timestamp at, const domain::Reward& reward) const;
  // A detractor's answer to `program`'s survey opened `task`: its owner and the staff who chose
  // it are emailed (no webhook event yet).
  Status FollowupOpened(store::Tx& tx, Timestamp at, const domain::FollowupTask& task,
                        const domain::Program& program) const;
  // "reward.approved", "reward.fulfilled" or "reward.reversed", after the reward moved to that status.
  Status RewardStatusChanged(store::Tx& tx, Timestamp at, const domain::Reward& reward) const;

 private:
  const IdGenerator& ids_;
  const representation::LinkBase links_;
  const EmailNotifier* notifier_;
};

}  // namespace bb::service
