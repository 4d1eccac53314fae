-- Bluebird schema, version 3: the referral policy of programs, what the review checks against,
-- reward rules and the reward ledger.
-- Times are BIGINT microseconds since the Unix epoch (UTC); ids are prefixed ULIDs (TEXT).

ALTER TABLE programs ADD COLUMN uses_opportunity BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE programs ADD COLUMN duplicate_window_days BIGINT NOT NULL DEFAULT 365;
ALTER TABLE programs ADD COLUMN velocity_limit BIGINT NOT NULL DEFAULT 20;
ALTER TABLE programs ADD COLUMN ip_velocity_limit BIGINT NOT NULL DEFAULT 20;
ALTER TABLE programs ADD COLUMN velocity_window_hours BIGINT NOT NULL DEFAULT 24;
ALTER TABLE programs ADD COLUMN same_domain_is_self_referral BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN reversal_window_days BIGINT NOT NULL DEFAULT 90;

-- The advocate's attributes and tags when the referral was submitted (JSON), which segments of
-- reward rules look at.
ALTER TABLE referrals ADD COLUMN advocate_profile TEXT NOT NULL DEFAULT '{}';
-- Every stage a submission or stage move reached, comma-separated in pipeline order.
ALTER TABLE referral_events ADD COLUMN reached TEXT NOT NULL DEFAULT '';
-- The velocity check counts an advocate's recent referrals (covering: no table lookups).
CREATE INDEX referrals_advocate_created ON referrals (advocate_id, created_at);
-- nth_won counts an advocate's won referrals that are clear.
CREATE INDEX referrals_advocate_stage ON referrals (advocate_id, stage, review_status);

-- The advocate's own activity (joining, the portal), for the self-referral check: the visitor
-- cookie and the keyed hash of the address, never the address itself.
CREATE TABLE advocate_sightings (
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  visitor_id  TEXT NOT NULL,
  ip_hash     TEXT NOT NULL,
  seen_at     BIGINT NOT NULL
);
CREATE INDEX advocate_sightings_advocate ON advocate_sightings (advocate_id, seen_at);

-- Rules are never changed: retired, then replaced. Conditions are JSON.
CREATE TABLE reward_rules (
  id                 TEXT PRIMARY KEY,
  program_id         TEXT NOT NULL REFERENCES programs (id),
  name               TEXT NOT NULL,
  trigger_stage      TEXT,
  trigger_nth_won    BIGINT,
  beneficiary        TEXT NOT NULL,
  fixed_minor        BIGINT,
  percent_bp         BIGINT,
  min_minor          BIGINT,
  max_minor          BIGINT,
  kind               TEXT NOT NULL,
  requires_approval  BOOLEAN NOT NULL,
  conditions         TEXT NOT NULL,
  cap_period         TEXT,
  cap_max_count      BIGINT,
  cap_max_minor      BIGINT,
  promo_multiplier_bp BIGINT,
  promo_starts_at    BIGINT,
  promo_ends_at      BIGINT,
  created_at         BIGINT NOT NULL,
  retired_at         BIGINT
);
CREATE INDEX reward_rules_program ON reward_rules (program_id, id);

-- The ledger. One row per reward, created exactly once per uniqueness key; its status changes
-- are kept in reward_events, which is only ever appended to.
CREATE TABLE rewards (
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
  UNIQUE (rule_id, referral_id, beneficiary, trigger_key)
);
CREATE INDEX rewards_program ON rewards (program_id, id);
CREATE INDEX rewards_advocate ON rewards (advocate_id, id);
CREATE INDEX rewards_referral ON rewards (referral_id, id);
CREATE INDEX rewards_status ON rewards (status, id);
-- Cap usage: one advocate's rewards from one rule in a period.
CREATE INDEX rewards_cap ON rewards (rule_id, advocate_id, created_at);

CREATE TABLE reward_events (
  id        TEXT PRIMARY KEY,
  reward_id TEXT NOT NULL REFERENCES rewards (id),
  status    TEXT NOT NULL,
  actor     TEXT NOT NULL,
  note      TEXT NOT NULL,
  at        BIGINT NOT NULL
);
CREATE INDEX reward_events_reward ON reward_events (reward_id, id);
