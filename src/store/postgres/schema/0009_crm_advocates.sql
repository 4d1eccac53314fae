-- Advocates in the CRM (store/connectors.h, ListCrmAdvocates): a connector may mark the CRM
-- contacts who are advocates, with their code and referral count. Each connector reads the
-- advocates whose synced figures changed since its cursor, so an advocate carries the time of
-- its last such change (enrolment, details, status, or a referral of theirs arriving or changing
-- review status), indexed for that read.
ALTER TABLE connectors ADD COLUMN sync_advocates INTEGER NOT NULL DEFAULT 0 CHECK (sync_advocates IN (0, 1));
ALTER TABLE connectors ADD COLUMN advocate_cursor TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE advocates ADD COLUMN activity_at BIGINT NOT NULL DEFAULT 0;
UPDATE advocates SET activity_at = GREATEST(updated_at, coalesce(
  (SELECT max(r.updated_at) FROM referrals r WHERE r.advocate_id = advocates.id), 0));
CREATE INDEX advocates_activity ON advocates (activity_at, id);
