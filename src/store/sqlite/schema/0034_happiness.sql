-- Happiness ratings (domain/happiness.h): requests to rate an interaction (an email's links carry
-- the token; only its SHA-256 is kept) and the ratings given, at most one per request (a rater who
-- changes their mind changes it). A rating that repeats another supersedes it; figures count the
-- ratings neither superseded nor deleted.
CREATE TABLE rating_requests (
  id             TEXT PRIMARY KEY,
  token_hash     TEXT NOT NULL UNIQUE,
  program_id     TEXT NOT NULL REFERENCES programs (id),
  interaction    TEXT NOT NULL CHECK (interaction IN ('email', 'reward_paid', 'referral_handled', 'review_decision')),
  interaction_id TEXT NOT NULL,
  subject        TEXT NOT NULL,
  rated_user_id  TEXT NOT NULL,
  recipient      TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  expires_at     BIGINT NOT NULL
);
CREATE INDEX rating_requests_program ON rating_requests (program_id, created_at);
CREATE INDEX rating_requests_recipient ON rating_requests (recipient, created_at);
CREATE TABLE ratings (
  id             TEXT PRIMARY KEY,
  request_id     TEXT NOT NULL UNIQUE REFERENCES rating_requests (id),
  program_id     TEXT NOT NULL REFERENCES programs (id),
  interaction    TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  rated_user_id  TEXT NOT NULL,
  recipient      TEXT NOT NULL,
  value          TEXT NOT NULL CHECK (value IN ('happy', 'ok', 'unhappy')),
  wow            BIGINT NOT NULL,
  comment        TEXT NOT NULL,
  ip_hash        TEXT NOT NULL,
  suspicious     BIGINT NOT NULL,
  superseded_by  TEXT NOT NULL,
  deleted        BIGINT NOT NULL,
  deleted_by     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);
-- A program's ratings by time; the repeats of an interaction, of a recipient; one address's.
CREATE INDEX ratings_program ON ratings (program_id, created_at);
CREATE INDEX ratings_interaction ON ratings (interaction_id, rated_user_id);
CREATE INDEX ratings_recipient ON ratings (recipient, rated_user_id, created_at);
CREATE INDEX ratings_address ON ratings (ip_hash, rated_user_id, created_at);
