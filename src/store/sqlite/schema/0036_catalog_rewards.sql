-- Catalogue items that pay a reward (domain/catalog.h, domain/redemption_reward.h): an item may pay
-- an amount of one of the reward kinds in the program's currency; each redemption keeps what it
-- paid and the reward ledger entry that pays it. Such an entry has no referral and no rule, so the
-- ledger's table is rebuilt with both optional and a redemption_id: unique (one entry per
-- redemption) and present exactly on entries of kind 'redemption', which alone may lack the two.
-- Runs with foreign keys off and checked before commit (the rewards table is rebuilt).

ALTER TABLE catalog_items ADD COLUMN reward_kind TEXT CHECK (reward_kind IN ('cash', 'credit', 'gift_card', 'custom'));
ALTER TABLE catalog_items ADD COLUMN reward_amount_minor BIGINT
  CHECK (reward_amount_minor BETWEEN 1 AND 1000000000000000);
ALTER TABLE catalog_items ADD COLUMN reward_currency TEXT;

ALTER TABLE redemptions ADD COLUMN reward_kind TEXT CHECK (reward_kind IN ('cash', 'credit', 'gift_card', 'custom'));
ALTER TABLE redemptions ADD COLUMN reward_amount_minor BIGINT
  CHECK (reward_amount_minor BETWEEN 1 AND 1000000000000000);
ALTER TABLE redemptions ADD COLUMN reward_currency TEXT;
ALTER TABLE redemptions ADD COLUMN reward_id TEXT NOT NULL DEFAULT '';

CREATE TABLE rewards_v36 (
  id               TEXT PRIMARY KEY,
  program_id       TEXT NOT NULL REFERENCES programs (id),
  referral_id      TEXT REFERENCES referrals (id),
  advocate_id      TEXT NOT NULL REFERENCES advocates (id),
  rule_id          TEXT REFERENCES reward_rules (id),
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
  superseded_by    BIGINT NOT NULL DEFAULT 0 CHECK (superseded_by >= 0),
  redemption_id    TEXT UNIQUE REFERENCES redemptions (id),
  CHECK ((entry = 'redemption') = (redemption_id IS NOT NULL)),
  CHECK (entry = 'redemption' OR (referral_id IS NOT NULL AND rule_id IS NOT NULL)),
  UNIQUE (rule_id, referral_id, beneficiary, trigger_key, correction)
);
INSERT INTO rewards_v36 (id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor,
                         currency, kind, status, reason, payout_reference, reversal_reason, created_at, updated_at,
                         entry, correction, corrects, superseded_by)
SELECT id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor, currency, kind,
       status, reason, payout_reference, reversal_reason, created_at, updated_at, entry, correction, corrects,
       superseded_by
  FROM rewards;
DROP TABLE rewards;
ALTER TABLE rewards_v36 RENAME TO rewards;
CREATE INDEX rewards_program ON rewards (program_id, id);
CREATE INDEX rewards_advocate ON rewards (advocate_id, id);
CREATE INDEX rewards_referral ON rewards (referral_id, id);
CREATE INDEX rewards_status ON rewards (status, id);
CREATE INDEX rewards_cap ON rewards (rule_id, advocate_id, created_at);
CREATE INDEX rewards_program_created ON rewards (program_id, created_at);
