-- NPS surveys by email (domain/campaign.h, kind nps_survey): a campaign of a third kind, whose
-- recipients answer with one click. A survey skips anyone sent one in its last throttle_days days;
-- a recipient's answer is recorded in nps_responses and named by nps_response_id.
ALTER TABLE campaigns DROP CONSTRAINT campaigns_kind_check;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_kind_check CHECK (kind IN ('invitation', 'activation', 'nps_survey'));
ALTER TABLE campaigns ADD COLUMN throttle_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_recipients ADD COLUMN nps_response_id TEXT COLLATE "C" REFERENCES nps_responses (id);
