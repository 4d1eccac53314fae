-- Split credit (domain/credit_split.h): each program's credit policy (no row: none), and the split
-- recorded at each win under a policy, immutable. One credit per won referral; one split per deal
-- key in a program (a later win of the same CRM deal records a join instead).
CREATE TABLE credit_policies (
  program_id TEXT PRIMARY KEY REFERENCES programs (id),
  policy     TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE referral_credits (
  id          TEXT PRIMARY KEY,
  program_id  TEXT NOT NULL REFERENCES programs (id),
  referral_id TEXT NOT NULL UNIQUE REFERENCES referrals (id),
  deal_key    TEXT NOT NULL,
  joined      TEXT NOT NULL,
  split       TEXT NOT NULL,
  shares      TEXT NOT NULL,
  at          BIGINT NOT NULL
);
CREATE UNIQUE INDEX referral_credits_deal ON referral_credits (program_id, deal_key) WHERE joined = '';
CREATE INDEX referral_credits_program ON referral_credits (program_id, at, id);
-- Every referral (other than the won one) a split counted, with the advocate whose share it backs
-- and whether it was counted as a referral of the same CRM deal: such a referral joins the split
-- when it wins and is counted by no later split; a share is taken back when each referral backing
-- it is rejected.
CREATE TABLE referral_credit_touches (
  credit_id   TEXT NOT NULL REFERENCES referral_credits (id),
  referral_id TEXT NOT NULL REFERENCES referrals (id),
  advocate_id TEXT NOT NULL,
  same_deal   INTEGER NOT NULL CHECK (same_deal IN (0, 1)),
  PRIMARY KEY (credit_id, referral_id)
);
CREATE INDEX referral_credit_touches_referral ON referral_credit_touches (referral_id, credit_id);
-- The referrals that may have touched a deal: those of the same CRM deal, and those of the same
-- account (email domain) within a window.
CREATE INDEX referrals_external_id ON referrals (program_id, external_id) WHERE external_id <> '';
CREATE INDEX referrals_email_domain ON referrals (program_id, referee_email_domain, created_at);
