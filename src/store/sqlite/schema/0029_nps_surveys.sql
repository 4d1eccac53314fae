-- NPS surveys by email (domain/campaign.h, kind nps_survey): a campaign of a third kind, whose
-- recipients answer with one click. A survey skips anyone sent one in its last throttle_days days;
-- a recipient's answer is recorded in nps_responses and named by nps_response_id.
-- Runs with foreign keys off and checked before commit (campaigns is rebuilt for its kind check).
CREATE TABLE campaigns_v29 (
  id                   TEXT PRIMARY KEY,
  program_id           TEXT NOT NULL REFERENCES programs(id),
  name                 TEXT NOT NULL,
  kind                 TEXT NOT NULL CHECK (kind IN ('invitation', 'activation', 'nps_survey')),
  state                TEXT NOT NULL CHECK (state IN ('scheduled', 'running', 'completed', 'cancelled')),
  send_at              BIGINT NOT NULL,
  reminders_after_days TEXT NOT NULL,  -- JSON array of whole days, ascending
  created_by           TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  completed_at         BIGINT,
  throttle_days        INTEGER NOT NULL DEFAULT 0  -- nps_survey: days since a person's last survey; else 0
);
INSERT INTO campaigns_v29 (id, program_id, name, kind, state, send_at, reminders_after_days, created_by, created_at,
                           completed_at)
SELECT id, program_id, name, kind, state, send_at, reminders_after_days, created_by, created_at, completed_at
  FROM campaigns;
DROP TABLE campaigns;
ALTER TABLE campaigns_v29 RENAME TO campaigns;
CREATE INDEX campaigns_program ON campaigns (program_id, id);
CREATE INDEX campaigns_open ON campaigns (state, send_at);

ALTER TABLE campaign_recipients ADD COLUMN nps_response_id TEXT REFERENCES nps_responses (id);
