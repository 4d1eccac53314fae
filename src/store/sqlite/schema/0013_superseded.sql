-- Which deal value correction replaced a reversed ledger entry. An entry a correction superseded
-- is not money taken back (its reissue or adjustment carries on), so balances do not count it as
-- reversed, and a later correction can tell it from an entry staff, churn or a rejection reversed.
ALTER TABLE rewards ADD COLUMN superseded_by BIGINT NOT NULL DEFAULT 0 CHECK (superseded_by >= 0);
UPDATE rewards
   SET superseded_by = (SELECT MAX(e.correction) FROM reward_events e
                         WHERE e.reward_id = rewards.id AND e.status = 'reversed' AND e.correction > 0)
 WHERE status = 'reversed'
   AND EXISTS (SELECT 1 FROM reward_events e
                WHERE e.reward_id = rewards.id AND e.status = 'reversed' AND e.correction > 0);
