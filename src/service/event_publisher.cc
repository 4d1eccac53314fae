#include "service/event_publisher.h"

#include <boost/json.hpp>

#include "common/time_format.h"
#include "domain/ids.h"
#include "domain/outbox.h"
#include "service/crm_queue.h"

namespace bb::service {

namespace json = boost::json;

Status EventPublisher::Publish(store::Tx& tx, Timestamp at, std::string_view type,
                               const std::function<json::value()>& data) const {
  BB_ASSIGN_OR_RETURN(auto endpoints, tx.ListSubscribedWebhookEndpoints(type));
  if (endpoints.empty()) return Status();
  std::string payload =
      json::serialize(json::object{{"type", type}, {"timestamp", FormatTimestamp(at)}, {"data", data()}});
  std::string message_id = ids_.New(domain::kWebhookMessagePrefix);
  for (const auto& endpoint : endpoints) {
    domain::OutboxItem item;
    item.id = ids_.New(domain::kOutboxItemPrefix);
    item.kind = domain::OutboxKind::kWebhook;
    item.target = endpoint.id;
    item.message_id = message_id;
    item.event_type = std::string(type);
    item.payload = payload;
    item.created_at = at;
    item.next_attempt_at = at;
    item.series_started_at = at;
    BB_RETURN_IF_ERROR(tx.InsertOutboxItem(item));
  }
  return Status();
}

Status EventPublisher::Advocate(store::Tx& tx, Timestamp at, std::string_view type,
                                const domain::Advocate& advocate) const {
  if (notifier_ && type == "advocate.enrolled") BB_RETURN_IF_ERROR(notifier_->AdvocateEnrolled(tx, at, advocate));
  return Publish(tx, at, type, [&] { return representation::ToJson(advocate, links_); });
}

Status EventPublisher::Referral(store::Tx& tx, Timestamp at, std::string_view type,
                                const domain::Referral& referral) const {
  if (notifier_) BB_RETURN_IF_ERROR(notifier_->ReferralChanged(tx, at, type, referral));
  // The CRMs learn of a referral when it is made and when a review decision lets it through; its
  // stage is theirs to change, not ours to send.
  if (type == "referral.created" || type == "referral.review_changed") {
    BB_RETURN_IF_ERROR(QueueReferralForCrms(tx, referral, at));
  }
  return Publish(tx, at, type, [&] { return representation::ToJson(referral); });
}

Status EventPublisher::FollowupOpened(store::Tx& tx, Timestamp at, const domain::FollowupTask& task,
                                      const domain::Program& program) const {
  if (!notifier_) return Ok();
  return notifier_->FollowupOpened(tx, at, task, program);
}

Status EventPublisher::RewardCreated(store::Tx& tx, Timestamp at, const domain::Reward& reward) const {
  if (notifier_) BB_RETURN_IF_ERROR(notifier_->RewardChanged(tx, at, reward));
  return Publish(tx, at, "reward.created", [&] { return representation::ToJson(reward); });
}

Status EventPublisher::RewardStatusChanged(store::Tx& tx, Timestamp at, const domain::Reward& reward) const {
  std::string_view type;
  switch (reward.status) {
    case domain::RewardStatus::kApproved: type = "reward.approved"; break;
    case domain::RewardStatus::kFulfilled: type = "reward.fulfilled"; break;
    case domain::RewardStatus::kReversed: type = "reward.reversed"; break;
    case domain::RewardStatus::kPending: return Status();
  }
  if (notifier_) BB_RETURN_IF_ERROR(notifier_->RewardChanged(tx, at, reward));
  return Publish(tx, at, type, [&] { return representation::ToJson(reward); });
}

}  // namespace bb::service
