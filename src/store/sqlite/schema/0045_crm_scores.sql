-- Lead scores in the CRM (domain/crm_score.h): a connector may write each referral's score and
-- grade on its CRM record. The record keeps what it last wrote, so a change is written once; the
-- connector keeps where its hourly scan of the open referrals stands.
ALTER TABLE connectors ADD COLUMN sync_scores INTEGER NOT NULL DEFAULT 0 CHECK (sync_scores IN (0, 1));
ALTER TABLE connectors ADD COLUMN score_cursor TEXT NOT NULL DEFAULT '';
ALTER TABLE connectors ADD COLUMN scores_scanned_at BIGINT;
ALTER TABLE crm_records ADD COLUMN sent_score_points BIGINT;
ALTER TABLE crm_records ADD COLUMN sent_score_grade TEXT NOT NULL DEFAULT '';
