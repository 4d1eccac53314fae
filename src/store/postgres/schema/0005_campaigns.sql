-- Campaigns (domain/campaign.h): waves of invitations or activation emails, with reminders.
CREATE TABLE campaigns (
  id                   TEXT COLLATE "C" PRIMARY KEY,
  program_id           TEXT COLLATE "C" NOT NULL REFERENCES programs(id),
  name                 TEXT NOT NULL,
  kind                 TEXT COLLATE "C" NOT NULL CHECK (kind IN ('invitation', 'activation')),
  state                TEXT COLLATE "C" NOT NULL CHECK (state IN ('scheduled', 'running', 'completed', 'cancelled')),
  send_at              BIGINT NOT NULL,
  reminders_after_days TEXT NOT NULL,  -- JSON array of whole days, ascending
  created_by           TEXT COLLATE "C" NOT NULL,
  created_at           BIGINT NOT NULL,
  completed_at         BIGINT
);
CREATE INDEX campaigns_program ON campaigns (program_id, id);
CREATE INDEX campaigns_open ON campaigns (state, send_at);

-- One row per person a campaign asks; next_send_at is when their next email is due (NULL: none).
CREATE TABLE campaign_recipients (
  campaign_id     TEXT COLLATE "C" NOT NULL REFERENCES campaigns(id),
  email           TEXT COLLATE "C" NOT NULL,
  first_name      TEXT NOT NULL,
  last_name       TEXT NOT NULL,
  company         TEXT NOT NULL,
  advocate_id     TEXT COLLATE "C" NOT NULL,
  token_hash      TEXT COLLATE "C" NOT NULL,
  first_sent_at   BIGINT,
  reminders_sent  BIGINT NOT NULL,
  next_send_at    BIGINT,
  last_message_id TEXT COLLATE "C" NOT NULL,
  delivered_at    BIGINT,
  bounced_at      BIGINT,
  opened_at       BIGINT,
  joined_at       BIGINT,
  stop_reason     TEXT COLLATE "C" NOT NULL,
  stopped_at      BIGINT,
  PRIMARY KEY (campaign_id, email)
);
CREATE INDEX campaign_recipients_due ON campaign_recipients (next_send_at) WHERE next_send_at IS NOT NULL;
CREATE INDEX campaign_recipients_message ON campaign_recipients (last_message_id) WHERE last_message_id <> '';
CREATE INDEX campaign_recipients_email ON campaign_recipients (email);
CREATE UNIQUE INDEX campaign_recipients_token ON campaign_recipients (token_hash) WHERE token_hash <> '';
