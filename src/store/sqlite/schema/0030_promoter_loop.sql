-- Automatic campaigns (domain/campaign.h), which run until cancelled: the NPS loop's promoter rules
-- (triggered_by 'nps_promoter', domain/promoter_loop.h), which people are added to as they answer
-- (a nudge asks those quiet for quiet_days), and the NPS question asked in the advocate portal
-- (triggered_by 'portal'). A recipient's added_at is when they were (last) added, and what they did
-- is counted from then.
ALTER TABLE campaigns ADD COLUMN triggered_by TEXT NOT NULL DEFAULT '' CHECK (triggered_by IN ('', 'nps_promoter', 'portal'));
ALTER TABLE campaigns ADD COLUMN quiet_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_recipients ADD COLUMN added_at BIGINT;
-- One rule of each kind is on at a time per program (two instances answering at once make one).
CREATE UNIQUE INDEX campaigns_one_automatic ON campaigns (program_id, kind)
  WHERE triggered_by <> '' AND state IN ('scheduled', 'running');
