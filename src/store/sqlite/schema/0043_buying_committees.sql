-- Buying committees (domain/buying_committee.h): every recorded version of a referral's
-- committee, immutable; the members (with their roles and attributes) as JSON. No row: the
-- referee alone.
CREATE TABLE buying_committees (
  id          TEXT PRIMARY KEY,
  program_id  TEXT NOT NULL REFERENCES programs (id),
  referral_id TEXT NOT NULL REFERENCES referrals (id),
  version     BIGINT NOT NULL CHECK (version > 0),
  members     TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  UNIQUE (referral_id, version)
);
CREATE INDEX buying_committees_program ON buying_committees (program_id, referral_id, version);
