-- Catalogue items that pay a reward (domain/catalog.h, domain/redemption_reward.h): an item may pay
-- an amount of one of the reward kinds in the program's currency; each redemption keeps what it
-- paid and the reward ledger entry that pays it. Such an entry has no referral and no rule: both
-- become optional, and a redemption_id is unique (one entry per redemption) and present exactly on
-- entries of kind 'redemption', which alone may lack the two.
ALTER TABLE catalog_items
  ADD COLUMN reward_kind TEXT COLLATE "C" CHECK (reward_kind IN ('cash', 'credit', 'gift_card', 'custom')),
  ADD COLUMN reward_amount_minor BIGINT CHECK (reward_amount_minor BETWEEN 1 AND 1000000000000000),
  ADD COLUMN reward_currency TEXT COLLATE "C";

ALTER TABLE redemptions
  ADD COLUMN reward_kind TEXT COLLATE "C" CHECK (reward_kind IN ('cash', 'credit', 'gift_card', 'custom')),
  ADD COLUMN reward_amount_minor BIGINT CHECK (reward_amount_minor BETWEEN 1 AND 1000000000000000),
  ADD COLUMN reward_currency TEXT COLLATE "C",
  ADD COLUMN reward_id TEXT COLLATE "C" NOT NULL DEFAULT '';

ALTER TABLE rewards
  ALTER COLUMN referral_id DROP NOT NULL,
  ALTER COLUMN rule_id DROP NOT NULL,
  ADD COLUMN redemption_id TEXT COLLATE "C" UNIQUE REFERENCES redemptions (id),
  ADD CONSTRAINT rewards_redemption_entry CHECK ((entry = 'redemption') = (redemption_id IS NOT NULL)),
  ADD CONSTRAINT rewards_referral_entry CHECK (entry = 'redemption' OR (referral_id IS NOT NULL AND rule_id IS NOT NULL));
