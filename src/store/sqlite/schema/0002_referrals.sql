-- Bluebird schema, version 2: referrals and their history.
-- Times are BIGINT microseconds since the Unix epoch (UTC); ids are prefixed ULIDs (TEXT).

CREATE TABLE referrals (
  id                   TEXT PRIMARY KEY,
  program_id           TEXT NOT NULL REFERENCES programs (id),
  advocate_id          TEXT NOT NULL REFERENCES advocates (id),
  code                 TEXT NOT NULL,
  first_touch_code     TEXT NOT NULL,
  source               TEXT NOT NULL,
  submitted_by         TEXT NOT NULL,
  channel              TEXT NOT NULL,
  referee_email        TEXT NOT NULL,
  referee_email_key    TEXT NOT NULL,
  referee_email_domain TEXT NOT NULL,
  referee_first_name   TEXT NOT NULL,
  referee_last_name    TEXT NOT NULL,
  referee_company      TEXT NOT NULL,
  referee_title        TEXT NOT NULL,
  referee_phone        TEXT NOT NULL,
  product              TEXT NOT NULL,
  note                 TEXT NOT NULL,
  visitor_id           TEXT NOT NULL,
  ip_hash              TEXT NOT NULL,
  stage                TEXT NOT NULL,
  review_status        TEXT NOT NULL,
  review_reasons       TEXT NOT NULL,  -- reason names separated by commas, "" for none
  deal_value_minor     BIGINT,
  external_id          TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL
);
CREATE INDEX referrals_program ON referrals (program_id, id);
CREATE INDEX referrals_advocate ON referrals (advocate_id, id);
-- The duplicate check: the same person referred in the program recently.
CREATE INDEX referrals_referee ON referrals (program_id, referee_email_key, created_at);
-- The velocity check: referrals from one address recently.
CREATE INDEX referrals_ip ON referrals (ip_hash, created_at);
-- The review queue.
CREATE INDEX referrals_review ON referrals (review_status, id);

CREATE TABLE referral_events (
  id          TEXT PRIMARY KEY,
  referral_id TEXT NOT NULL REFERENCES referrals (id),
  kind        TEXT NOT NULL,
  from_stage  TEXT,
  to_stage    TEXT,
  actor       TEXT NOT NULL,
  note        TEXT NOT NULL,
  at          BIGINT NOT NULL
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, id);
