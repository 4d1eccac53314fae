-- Bluebird on PostgreSQL, version 2 (SQLite's 0014): state every instance sharing the database
-- must agree on. Rate limits on sign-in and public forms are token buckets kept here under a
-- SHA-256 of their key (the key names an address hash or an email); a bucket is forgotten once it
-- would be full again. A job lease names which instance runs a background job until when; another takes over after expiry.

CREATE TABLE rate_limit_buckets (
  key_hash     TEXT COLLATE "C" PRIMARY KEY,
  tokens_milli BIGINT NOT NULL CHECK (tokens_milli >= 0),
  updated_at   BIGINT NOT NULL,
  full_at      BIGINT NOT NULL
);
CREATE INDEX rate_limit_buckets_full ON rate_limit_buckets (full_at);

CREATE TABLE job_leases (
  name       TEXT COLLATE "C" PRIMARY KEY,
  holder     TEXT COLLATE "C" NOT NULL,
  expires_at BIGINT NOT NULL
);

-- The write gate (PostgreSQL only; it holds no rows): every write transaction locks it in ROW SHARE
-- mode, and one that must run alone after a conflict locks it in EXCLUSIVE mode, so that nothing
-- else writes beside it (docs/architecture.md, "The write path on PostgreSQL").
CREATE TABLE write_gate (unused BIGINT);
