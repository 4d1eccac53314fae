#include "domain/connector.h"

#include "domain/address_policy.h"
#include "domain/crm_score.h"
#include "domain/reward_amount.h"
#include "domain/validation.h"

namespace bb::domain {

std::string_view ToString(ConnectorKind kind) { return kind == ConnectorKind::kSalesforce ? "salesforce" : "hubspot"; }

std::optional<ConnectorKind> ParseConnectorKind(std::string_view text) {
  if (text == "salesforce") return ConnectorKind::kSalesforce;
  if (text == "hubspot") return ConnectorKind::kHubspot;
  return std::nullopt;
}

std::string_view ToString(ConnectorHealth health) {
  switch (health) {
    case ConnectorHealth::kOk: return "ok";
    case ConnectorHealth::kBackingOff: return "backing_off";
    case ConnectorHealth::kBroken: return "broken";
  }
  return "ok";
}

std::optional<ConnectorHealth> ParseConnectorHealth(std::string_view text) {
  if (text == "ok") return ConnectorHealth::kOk;
  if (text == "backing_off") return ConnectorHealth::kBackingOff;
  if (text == "broken") return ConnectorHealth::kBroken;
  return std::nullopt;
}

std::string_view ToString(ConnectorSendPolicy policy) {
  return policy == ConnectorSendPolicy::kClear ? "clear" : "all";
}

std::optional<ConnectorSendPolicy> ParseConnectorSendPolicy(std::string_view text) {
  if (text == "clear") return ConnectorSendPolicy::kClear;
  if (text == "all") return ConnectorSendPolicy::kAll;
  return std::nullopt;
}

std::string Connector::EffectiveBaseUrl() const {
  if (!base_url.empty()) return base_url;
  return std::string(kind == ConnectorKind::kSalesforce ? kSalesforceLoginUrl : kHubspotApiUrl);
}

bool Connector::Works(Timestamp now) const {
  if (!enabled || health == ConnectorHealth::kBroken) return false;
  return health != ConnectorHealth::kBackingOff || !resume_at || *resume_at <= now;
}

bool ScoreScanStartsOver(const Connector& before, const Connector& after, bool auth_given) {
  return after.sync_scores && (!before.sync_scores || after.program_id != before.program_id ||
                               after.base_url != before.base_url || auth_given);
}

bool Connector::ScoreScanDue(Timestamp now) const {
  return sync_scores && (!score_cursor.empty() || !scores_scanned_at || *scores_scanned_at + kScoreScanEvery <= now);
}

bool Connector::Sends(const Referral& referral) const {
  return send == ConnectorSendPolicy::kAll || referral.review_status == ReviewStatus::kClear;
}

namespace {

void CheckText(std::vector<FieldError>& errors, const std::string& field, const std::optional<std::string>& value,
               bool required, std::size_t max_length = kMaxCrmValueLength) {
  if (!value || value->empty()) {
    if (required) errors.push_back({field, "is required"});
    return;
  }
  if (value->size() > max_length) {
    errors.push_back({field, "must be at most " + std::to_string(max_length) + " characters"});
  } else if (!IsStorableUtf8(*value)) {
    errors.push_back({field, "must be UTF-8 text without control characters"});
  }
}

void ApplyAuth(ConnectorKind kind, const ConnectorAuthInput& input, Connector& connector, ConnectorSecrets& secrets,
               std::vector<FieldError>& errors) {
  std::size_t before = errors.size();
  std::string flow = input.flow.value_or(kind == ConnectorKind::kHubspot ? "token" : "");
  auto unexpected = [&](const char* field, const std::optional<std::string>& value) {
    if (value) errors.push_back({std::string("auth.") + field, "is not used by the " + flow + " flow"});
  };
  if (kind == ConnectorKind::kHubspot) {
    if (flow != "token") errors.push_back({"auth.flow", "must be token for HubSpot"});
    CheckText(errors, "auth.token", input.token, true, 4096);
    unexpected("client_id", input.client_id);
    unexpected("client_secret", input.client_secret);
    unexpected("username", input.username);
    unexpected("private_key_pem", input.private_key_pem);
  } else if (flow == "client_credentials") {
    CheckText(errors, "auth.client_id", input.client_id, true, 1024);
    CheckText(errors, "auth.client_secret", input.client_secret, true, 1024);
    unexpected("username", input.username);
    unexpected("private_key_pem", input.private_key_pem);
    unexpected("token", input.token);
  } else if (flow == "jwt_bearer") {
    CheckText(errors, "auth.client_id", input.client_id, true, 1024);
    CheckText(errors, "auth.username", input.username, true);
    if (!input.private_key_pem || input.private_key_pem->empty()) {
      errors.push_back({"auth.private_key_pem", "is required"});
    } else if (input.private_key_pem->find('\0') != std::string::npos) {
      errors.push_back({"auth.private_key_pem", "must be PEM text (it holds a NUL byte)"});
    } else if (input.private_key_pem->size() > 16384 ||
               input.private_key_pem->find("-----BEGIN") == std::string::npos ||
               input.private_key_pem->find("PRIVATE KEY-----") == std::string::npos) {
      errors.push_back(
          {"auth.private_key_pem", "must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)"});
    }
    unexpected("client_secret", input.client_secret);
    unexpected("token", input.token);
  } else {
    errors.push_back({"auth.flow", "must be client_credentials or jwt_bearer for Salesforce"});
  }
  if (errors.size() != before) return;
  connector.auth = ConnectorAuth{flow, input.client_id.value_or(""), input.username.value_or("")};
  secrets =
      ConnectorSecrets{input.client_secret.value_or(""), input.private_key_pem.value_or(""), input.token.value_or("")};
}

// ApplyConnectorInput's work on `connector`, which is left half-changed on failure.
Status ApplyConnectorInputInPlace(Connector& connector, const ConnectorInput& input, ConnectorSecrets& secrets,
                                  bool creating, bool allow_private_targets) {
  std::vector<FieldError> errors;
  if (creating) {
    std::optional<ConnectorKind> kind = input.kind ? ParseConnectorKind(*input.kind) : std::nullopt;
    if (!input.kind) {
      errors.push_back({"kind", "is required (salesforce or hubspot)"});
    } else if (!kind) {
      errors.push_back({"kind", "must be salesforce or hubspot"});
    } else {
      connector.kind = *kind;
    }
  } else if (input.kind && ParseConnectorKind(*input.kind) != connector.kind) {
    errors.push_back({"kind", "cannot be changed: create another connector"});
  }
  if (input.program_id) connector.program_id = *input.program_id;
  if (input.base_url) {
    std::string problem = input.base_url->empty() ? "" : CheckHttpUrl(*input.base_url);
    if (problem.empty() && !input.base_url->empty() && !allow_private_targets) {
      if (!input.base_url->starts_with("https://")) {
        problem = "must be an https:// URL (http:// only when connectors.allow_private_targets is set, for tests)";
      } else if (!IsPublicUrlHost(*input.base_url)) {
        problem = "must not point to a loopback, private, link-local or reserved address";
      }
    }
    std::string base_url = *input.base_url;
    while (base_url.ends_with('/')) base_url.pop_back();
    if (problem.empty() && !creating && base_url != connector.base_url && !input.auth) {
      // The credentials go only where they were given for: another host needs them given again.
      errors.push_back({"auth",
                        "is required when base_url changes: the credentials are sent only to the CRM they "
                        "were given for"});
    }
    if (problem.empty()) {
      connector.base_url = std::move(base_url);
    } else {
      errors.push_back({"base_url", problem});
    }
  }
  if (input.auth) {
    ApplyAuth(connector.kind, *input.auth, connector, secrets, errors);
  } else if (creating) {
    errors.push_back({"auth", "is required"});
  }
  if (connector.kind == ConnectorKind::kSalesforce && connector.auth.flow == "client_credentials" &&
      connector.base_url.empty()) {
    errors.push_back({"base_url",
                      "is required for the client_credentials flow: the org's My Domain URL "
                      "(https://yourdomain.my.salesforce.com), the only host that serves it"});
  }
  if (input.stage_map) {
    if (input.stage_map->size() > kMaxStageMapEntries) {
      errors.push_back({"stage_map", "must have at most " + std::to_string(kMaxStageMapEntries) + " entries"});
    } else {
      std::map<std::string, ReferralStage, std::less<>> map;
      for (const auto& [crm_stage, stage_text] : *input.stage_map) {
        std::string field = "stage_map." + crm_stage;
        if (crm_stage.empty() || crm_stage.size() > kMaxCrmValueLength || !IsStorableUtf8(crm_stage)) {
          errors.push_back({"stage_map", "keys must be CRM stage values of 1 to 255 characters"});
          continue;
        }
        std::optional<ReferralStage> stage = ParseReferralStage(stage_text);
        if (!stage || *stage == ReferralStage::kSubmitted || *stage == ReferralStage::kRejected) {
          errors.push_back({field, "must be qualified, opportunity, won or lost"});
          continue;
        }
        map.emplace(crm_stage, *stage);
      }
      connector.stage_map = std::move(map);
    }
  }
  if (input.lead_source) {
    CheckText(errors, "lead_source", input.lead_source, false);
    connector.lead_source = *input.lead_source;
  }
  if (input.lead_status) {
    CheckText(errors, "lead_status", input.lead_status, false);
    connector.lead_status = *input.lead_status;
  }
  if (input.send) {
    if (auto policy = ParseConnectorSendPolicy(*input.send)) {
      connector.send = *policy;
    } else {
      errors.push_back({"send", "must be clear or all"});
    }
  }
  if (input.poll_seconds) {
    if (*input.poll_seconds < kMinPollSeconds || *input.poll_seconds > kMaxPollSeconds) {
      errors.push_back({"poll_seconds", "must be between 30 and 86400"});
    } else {
      connector.poll_seconds = *input.poll_seconds;
    }
  }
  if (input.enabled) connector.enabled = *input.enabled;
  if (input.sync_advocates) connector.sync_advocates = *input.sync_advocates;
  if (input.sync_scores) connector.sync_scores = *input.sync_scores;
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  connector.health = ConnectorHealth::kOk;
  connector.health_message.clear();
  connector.resume_at.reset();
  return Ok();
}

}  // namespace

Status ApplyConnectorInput(Connector& connector, const ConnectorInput& input, ConnectorSecrets& secrets, bool creating,
                           bool allow_private_targets) {
  Connector draft = connector;
  ConnectorSecrets drafted = secrets;
  BB_RETURN_IF_ERROR(ApplyConnectorInputInPlace(draft, input, drafted, creating, allow_private_targets));
  // Other advocates, perhaps another CRM (new credentials may be another org or account), or
  // advocate sync turned on again: every advocate is sent again.
  if (draft.program_id != connector.program_id || draft.base_url != connector.base_url || input.auth ||
      (draft.sync_advocates && !connector.sync_advocates)) {
    draft.advocate_cursor.clear();
  }
  if (ScoreScanStartsOver(connector, draft, input.auth.has_value())) {
    draft.score_cursor.clear();
    draft.scores_scanned_at.reset();
  }
  connector = std::move(draft);
  secrets = std::move(drafted);
  return Ok();
}

std::optional<ReferralStage> MapCrmStage(const Connector& connector, const CrmDealState& state) {
  if (auto it = connector.stage_map.find(state.stage); it != connector.stage_map.end()) return it->second;
  if (state.won) return ReferralStage::kWon;
  if (state.closed) return ReferralStage::kLost;
  if (state.converted) return ReferralStage::kOpportunity;
  return std::nullopt;
}

InboundPlan PlanInbound(const Connector& connector, const Referral& referral, const CrmDealState& state,
                        bool won_through_account_only) {
  InboundPlan plan;
  std::optional<ReferralStage> target = MapCrmStage(connector, state);
  if (!target) return plan;
  if (won_through_account_only && referral.stage == ReferralStage::kWon && *target == ReferralStage::kWon) {
    plan.move_to = target;
    plan.deal_value = state.amount_minor;
    return plan;
  }
  if (IsClosed(referral.stage)) {
    if (referral.stage == ReferralStage::kWon && *target == ReferralStage::kWon) {
      if (state.amount_minor && state.amount_minor != referral.deal_value_minor)
        plan.correct_value = state.amount_minor;
    } else if (IsClosed(*target) && referral.stage != *target) {
      plan.skipped = "the referral is closed as " + std::string(ToString(referral.stage)) +
                     " in Bluebird; the CRM says " + std::string(ToString(*target)) + " (" + state.stage +
                     "): not reopened";
    }
    return plan;
  }
  // Open stages in pipeline order: a move back in the CRM does not move the referral back.
  if (!IsClosed(*target) && static_cast<int>(*target) <= static_cast<int>(referral.stage)) return plan;
  plan.move_to = target;
  if (*target == ReferralStage::kWon) plan.deal_value = state.amount_minor;
  return plan;
}

}  // namespace bb::domain
