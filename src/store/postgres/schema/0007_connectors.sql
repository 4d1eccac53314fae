-- CRM connectors (domain/connector.h): where the CRM is, how to sign in (the secret part sealed
-- by the service, never in clear), the stage map (JSON object), what is sent, and the health.
CREATE TABLE connectors (
  id             TEXT COLLATE "C" PRIMARY KEY,
  program_id     TEXT NOT NULL,  -- '' for every program
  kind           TEXT NOT NULL CHECK (kind IN ('salesforce', 'hubspot')),
  base_url       TEXT NOT NULL,
  auth_flow      TEXT NOT NULL,
  auth_client_id TEXT NOT NULL,
  auth_username  TEXT NOT NULL,
  sealed_secrets TEXT NOT NULL,
  stage_map      TEXT NOT NULL,
  lead_source    TEXT NOT NULL,
  lead_status    TEXT NOT NULL,
  send           TEXT NOT NULL CHECK (send IN ('clear', 'all')),
  poll_seconds   BIGINT NOT NULL,
  enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  health         TEXT NOT NULL CHECK (health IN ('ok', 'backing_off', 'broken')),
  health_message TEXT NOT NULL,
  resume_at      BIGINT,
  cursor         TEXT NOT NULL,
  last_poll_at   BIGINT,
  next_poll_at   BIGINT,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);

-- The CRM queue and each referral's ids in each CRM (store/connectors.h).
CREATE TABLE crm_records (
  connector_id       TEXT NOT NULL REFERENCES connectors (id),
  referral_id        TEXT COLLATE "C" NOT NULL REFERENCES referrals (id),
  state              TEXT NOT NULL CHECK (state IN ('pending', 'synced', 'failed')),
  version            BIGINT NOT NULL,
  attempts           BIGINT NOT NULL,
  due_at             BIGINT NOT NULL,
  lease_holder       TEXT NOT NULL,
  crm_object         TEXT NOT NULL,
  crm_id             TEXT NOT NULL,
  crm_contact_id     TEXT NOT NULL,
  crm_account_id     TEXT NOT NULL,
  crm_deal_id        TEXT NOT NULL,
  crm_modstamp       TEXT NOT NULL,
  last_error         TEXT NOT NULL,
  synced_at          BIGINT,
  updated_at         BIGINT NOT NULL,
  PRIMARY KEY (connector_id, referral_id)
);
-- The claim: one connector's pending rows by due time.
CREATE INDEX crm_records_due ON crm_records (connector_id, due_at) WHERE state = 'pending';

CREATE TABLE connector_log (
  id           TEXT COLLATE "C" PRIMARY KEY,
  connector_id TEXT NOT NULL REFERENCES connectors (id),
  at           BIGINT NOT NULL,
  direction    TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  referral_id  TEXT NOT NULL,
  crm_id       TEXT NOT NULL,
  message      TEXT NOT NULL
);
CREATE INDEX connector_log_connector ON connector_log (connector_id, id);
