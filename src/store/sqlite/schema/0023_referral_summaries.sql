-- The referral summaries (domain/referral_summary.h, store/sql/referral_summary.h): what each
-- program's referrals, their history and rewards, and its advocates add up to per UTC day, kept by
-- the transactions that change them (each change applied as the difference it makes), so that the
-- dashboards read days, not referrals. A sum of money is kept as two columns, its quotient (_e9)
-- and remainder (_rem) by 10^9, so that no sum a database can hold overflows. The rows of what is
-- already here are computed from it once this migration has run (the marker below).
CREATE TABLE referral_days (
  program_id TEXT NOT NULL,
  day        BIGINT NOT NULL,
  channel    TEXT NOT NULL,
  currency   TEXT NOT NULL,
  submitted          BIGINT NOT NULL,
  cohort_qualified   BIGINT NOT NULL,
  cohort_won         BIGINT NOT NULL,
  cohort_revenue_e9 BIGINT NOT NULL,
  cohort_revenue_rem BIGINT NOT NULL,
  activity_qualified BIGINT NOT NULL,
  activity_won       BIGINT NOT NULL,
  activity_revenue_e9 BIGINT NOT NULL,
  activity_revenue_rem BIGINT NOT NULL,
  cohort_reward_cost_e9 BIGINT NOT NULL,
  cohort_reward_cost_rem BIGINT NOT NULL,
  cohort_committed_e9 BIGINT NOT NULL,
  cohort_committed_rem BIGINT NOT NULL,
  activity_reward_cost_e9 BIGINT NOT NULL,
  activity_reward_cost_rem BIGINT NOT NULL,
  activity_committed_e9 BIGINT NOT NULL,
  activity_committed_rem BIGINT NOT NULL,
  PRIMARY KEY (program_id, day, channel, currency)
);
-- Per advocate, for the top advocates and the advocates who referred; revenue only of deals in the
-- program's currency.
CREATE TABLE advocate_referral_days (
  program_id  TEXT NOT NULL,
  day         BIGINT NOT NULL,
  advocate_id TEXT NOT NULL,
  submitted    BIGINT NOT NULL,
  cohort_won   BIGINT NOT NULL,
  cohort_revenue_e9 BIGINT NOT NULL,
  cohort_revenue_rem BIGINT NOT NULL,
  activity_won BIGINT NOT NULL,
  activity_revenue_e9 BIGINT NOT NULL,
  activity_revenue_rem BIGINT NOT NULL,
  PRIMARY KEY (program_id, day, advocate_id)
);
-- The top advocates read the rows with a win first (most wins rank first), then look up the
-- referrals of the few near the tenth place by advocate.
CREATE INDEX advocate_referral_days_advocate ON advocate_referral_days (advocate_id, day);
CREATE INDEX advocate_referral_days_cohort_wins ON advocate_referral_days
  (program_id, day, advocate_id, cohort_won, cohort_revenue_e9, cohort_revenue_rem) WHERE cohort_won > 0;
CREATE INDEX advocate_referral_days_activity_wins ON advocate_referral_days
  (program_id, day, advocate_id, activity_won, activity_revenue_e9, activity_revenue_rem) WHERE activity_won > 0;
-- The advocates who submitted referrals each day, as a HyperLogLog sketch of their ids
-- (domain/visitor_sketch.h), so that those of any range are counted without reading them.
CREATE TABLE referrer_days (
  program_id TEXT NOT NULL,
  day        BIGINT NOT NULL,
  sketch     TEXT NOT NULL,
  PRIMARY KEY (program_id, day)
);
-- Advocates by day of enrolment and current status.
CREATE TABLE enrolment_days (
  program_id TEXT NOT NULL,
  day        BIGINT NOT NULL,
  status     TEXT NOT NULL,
  advocates  BIGINT NOT NULL,
  PRIMARY KEY (program_id, day, status)
);
-- The raw rows of a part day at either end of a range, read by time within a program.
CREATE INDEX referrals_program_created ON referrals (program_id, created_at);
CREATE INDEX rewards_program_created ON rewards (program_id, created_at);
CREATE INDEX advocates_program_created ON advocates (program_id, created_at);
INSERT INTO settings (name, value) VALUES ('referral_summaries', 'to build');
