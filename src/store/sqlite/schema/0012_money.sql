-- Bluebird schema, version 12: money that cannot be corrupted and a ledger that can be corrected.
-- * A referral keeps its deal value's currency, and every history entry that set a deal value
--   (a move to won, a correction) keeps it, so the ledger can be replayed as it was.
-- * The ledger gains reissues and adjustments made by deal value corrections: each entry says what
--   it is, which correction made it and which grant it restates; the uniqueness key now includes
--   the correction (0 for grants), so a grant is still given once.
-- * A reward's status change records the correction that made it (0 for any other).
-- Runs with foreign keys off and checked before commit (the rewards table is rebuilt).

ALTER TABLE referrals ADD COLUMN deal_currency TEXT NOT NULL DEFAULT '';
UPDATE referrals SET deal_currency = (SELECT p.currency FROM programs p WHERE p.id = referrals.program_id)
 WHERE deal_value_minor IS NOT NULL;

ALTER TABLE referral_events ADD COLUMN deal_value_minor BIGINT;
-- The dashboard's activity basis reads the history entries of a range (what was won when).
CREATE INDEX referral_events_at ON referral_events (at);
UPDATE referral_events
   SET deal_value_minor = (SELECT r.deal_value_minor FROM referrals r WHERE r.id = referral_events.referral_id)
 WHERE kind = 'stage_moved' AND (',' || reached || ',') LIKE '%,won,%';

CREATE TABLE rewards_v12 (
  id               TEXT PRIMARY KEY,
  program_id       TEXT NOT NULL REFERENCES programs (id),
  referral_id      TEXT NOT NULL REFERENCES referrals (id),
  advocate_id      TEXT NOT NULL REFERENCES advocates (id),
  rule_id          TEXT NOT NULL REFERENCES reward_rules (id),
  beneficiary      TEXT NOT NULL,
  trigger_key      TEXT NOT NULL,
  amount_minor     BIGINT NOT NULL,
  currency         TEXT NOT NULL,
  kind             TEXT NOT NULL,
  status           TEXT NOT NULL,
  reason           TEXT NOT NULL,
  payout_reference TEXT NOT NULL,
  reversal_reason  TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  entry            TEXT NOT NULL DEFAULT 'grant',
  correction       BIGINT NOT NULL DEFAULT 0,
  corrects         TEXT NOT NULL DEFAULT '',
  UNIQUE (rule_id, referral_id, beneficiary, trigger_key, correction)
);
INSERT INTO rewards_v12 (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor,
                         currency, kind, status, reason, payout_reference, reversal_reason, created_at, updated_at)
SELECT id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor, currency, kind,
       status, reason, payout_reference, reversal_reason, created_at, updated_at
  FROM rewards;
DROP TABLE rewards;
ALTER TABLE rewards_v12 RENAME TO rewards;
CREATE INDEX rewards_program ON rewards (program_id, id);
CREATE INDEX rewards_advocate ON rewards (advocate_id, id);
CREATE INDEX rewards_referral ON rewards (referral_id, id);
CREATE INDEX rewards_status ON rewards (status, id);
CREATE INDEX rewards_cap ON rewards (rule_id, advocate_id, created_at);

ALTER TABLE reward_events ADD COLUMN correction BIGINT NOT NULL DEFAULT 0;
