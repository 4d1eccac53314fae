-- Advocacy points (domain/points.h): an append-only ledger beside the reward ledger. An action
-- earns once: entry_key is unique within the program ("referral:<id>:won", "reversal:<entry id>").
-- Balances and expiry are replayed from an advocate's entries (domain/points_balance.h); the
-- leaderboards sum a program's entries earned in a window.
CREATE TABLE points_entries (
  id          TEXT PRIMARY KEY,
  program_id  TEXT NOT NULL REFERENCES programs (id),
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  delta       BIGINT NOT NULL CHECK (delta <> 0 AND delta BETWEEN -1000000000 AND 1000000000),
  balance     TEXT NOT NULL CHECK (balance IN ('both', 'redeemable', 'lifetime')),
  reason      TEXT NOT NULL,
  ref         TEXT NOT NULL,
  reverses    TEXT NOT NULL,
  note        TEXT NOT NULL,
  entry_key   TEXT NOT NULL,
  earned_at   BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  actor_id    TEXT NOT NULL,
  UNIQUE (program_id, entry_key)
);
-- One advocate's ledger; the entries of a referral (to reverse them); a program's board summed over
-- a window (covering: the rolling 30 days read no table rows).
CREATE INDEX points_entries_advocate ON points_entries (advocate_id, id);
CREATE INDEX points_entries_ref ON points_entries (program_id, ref) WHERE ref <> '';
CREATE INDEX points_entries_earned ON points_entries (program_id, earned_at, advocate_id, delta, balance, reason,
  recorded_at, id);
-- Running totals of the lifetime points each advocate earned, all time (period '') and per calendar
-- month (period 'YYYY-MM', UTC, by earned_at), written with each entry: the boards as they stand
-- now are read from here in rank order instead of summing the ledger.
CREATE TABLE points_totals (
  program_id  TEXT NOT NULL REFERENCES programs (id),
  period      TEXT NOT NULL,
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  points      BIGINT NOT NULL,
  reached_at  BIGINT NOT NULL,
  PRIMARY KEY (program_id, period, advocate_id)
);
CREATE INDEX points_totals_rank ON points_totals (program_id, period, points DESC, reached_at, advocate_id);
-- What a program's actions earn, every change of the expiry period ({from, days}), its levels and
-- badges (JSON lists); no row: the defaults.
CREATE TABLE points_settings (
  program_id        TEXT PRIMARY KEY REFERENCES programs (id),
  enabled           BOOLEAN NOT NULL,
  referral_submitted BIGINT NOT NULL,
  referral_qualified BIGINT NOT NULL,
  referral_won      BIGINT NOT NULL,
  nps_answered      BIGINT NOT NULL,
  expiry_rules      TEXT NOT NULL,
  levels            TEXT NOT NULL,
  badges            TEXT NOT NULL,
  updated_at        BIGINT NOT NULL,
  updated_by        TEXT NOT NULL
);
-- Advocates who chose not to be shown by name on leaderboards.
CREATE TABLE leaderboard_hidden (
  advocate_id TEXT PRIMARY KEY REFERENCES advocates (id),
  hidden_at   BIGINT NOT NULL
);
