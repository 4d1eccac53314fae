-- Bluebird schema, version 1: programs, people, advocates, clicks, accounts, idempotency.
-- Times are BIGINT microseconds since the Unix epoch (UTC); ids are prefixed ULIDs (TEXT).

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE programs (
  id                      TEXT PRIMARY KEY,
  name                    TEXT NOT NULL,
  slug                    TEXT NOT NULL UNIQUE,
  kind                    TEXT NOT NULL,
  description             TEXT NOT NULL,
  landing_url             TEXT NOT NULL,
  attribution_window_days BIGINT NOT NULL,
  currency                TEXT NOT NULL,
  status                  TEXT NOT NULL,
  created_at              BIGINT NOT NULL,
  updated_at              BIGINT NOT NULL
);
CREATE INDEX programs_status ON programs (status, id);

CREATE TABLE people (
  id               TEXT PRIMARY KEY,
  email            TEXT NOT NULL,
  email_normalized TEXT NOT NULL UNIQUE,
  first_name       TEXT NOT NULL,
  last_name        TEXT NOT NULL,
  company          TEXT NOT NULL,
  created_at       BIGINT NOT NULL
);

CREATE TABLE advocates (
  id          TEXT PRIMARY KEY,
  program_id  TEXT NOT NULL REFERENCES programs (id),
  person_id   TEXT NOT NULL REFERENCES people (id),
  code        TEXT NOT NULL UNIQUE,
  source      TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,
  status      TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  UNIQUE (program_id, person_id)
);
CREATE INDEX advocates_program ON advocates (program_id, id);
CREATE INDEX advocates_enrolled_by ON advocates (enrolled_by, id);

CREATE TABLE advocate_attributes (
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (advocate_id, name)
);
CREATE INDEX advocate_attributes_lookup ON advocate_attributes (name, value);

CREATE TABLE advocate_tags (
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  tag         TEXT NOT NULL,
  PRIMARY KEY (advocate_id, tag)
);
CREATE INDEX advocate_tags_lookup ON advocate_tags (tag);

-- Clicks are the hot insert: an integer key (the rowid) and time-ordered visitor ids keep every
-- index append-mostly, so a group commit touches few pages.
CREATE TABLE clicks (
  id          INTEGER PRIMARY KEY,
  program_id  TEXT NOT NULL,
  advocate_id TEXT NOT NULL,
  code        TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  channel     TEXT NOT NULL,
  visitor_id  TEXT NOT NULL,
  ip_hash     TEXT NOT NULL,
  user_agent  TEXT NOT NULL,
  referrer    TEXT NOT NULL,
  is_bot      INTEGER NOT NULL
);
CREATE INDEX clicks_program ON clicks (program_id, is_bot, occurred_at);
CREATE INDEX clicks_visitor ON clicks (visitor_id, occurred_at);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id),
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);

CREATE TABLE idempotency_records (
  scope       TEXT NOT NULL,
  key         TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status      INTEGER NOT NULL,
  body        TEXT NOT NULL,
  location    TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at);
