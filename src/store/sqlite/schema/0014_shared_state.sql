-- Bluebird schema, version 14: state every instance sharing the database must agree on. Rate limits
-- on sign-in and public forms are token buckets kept here under a SHA-256 of their key (the key
-- names an address hash or an email); a bucket is forgotten once it would be full again. A job
-- lease names which instance runs a background job until when; another takes over after expiry.

CREATE TABLE rate_limit_buckets (
  key_hash     TEXT PRIMARY KEY,
  tokens_milli BIGINT NOT NULL CHECK (tokens_milli >= 0),
  updated_at   BIGINT NOT NULL,
  full_at      BIGINT NOT NULL
);
CREATE INDEX rate_limit_buckets_full ON rate_limit_buckets (full_at);

CREATE TABLE job_leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
