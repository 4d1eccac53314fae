-- NPS answers (domain/nps.h), one row per answer: recorded through the API (imports from another
-- survey tool) and, later, from one-click survey emails. The class is the score's, not stored.
CREATE TABLE nps_responses (
  id          TEXT PRIMARY KEY,
  program_id  TEXT NOT NULL REFERENCES programs (id),
  email       TEXT NOT NULL,
  person_key  TEXT NOT NULL,  -- the normalized email: people.email_normalized
  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment     TEXT NOT NULL,
  source      TEXT NOT NULL,
  answered_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
-- The answers of a range; each person's later answers.
CREATE INDEX nps_responses_answered ON nps_responses (program_id, answered_at);
CREATE INDEX nps_responses_person ON nps_responses (program_id, person_key, answered_at);
