-- Lead scoring (domain/score_model.h, domain/lead_score.h). Every published version of a program's
-- score model, immutable (the model as JSON: store/sql/json_columns.h); no row: the default model.
CREATE TABLE score_models (
  program_id   TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  version      BIGINT NOT NULL CHECK (version > 0),
  model        TEXT COLLATE "C" NOT NULL,
  published_at BIGINT NOT NULL,
  published_by TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (program_id, version)
);
-- What people did, as reported through the API (a CRM, a marketing tool), append-only; once per
-- key (an event sent twice is recorded once).
CREATE TABLE engagement_events (
  id          TEXT COLLATE "C" PRIMARY KEY,
  program_id  TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  person      TEXT COLLATE "C" NOT NULL,
  type        TEXT COLLATE "C" NOT NULL,
  product     TEXT COLLATE "C" NOT NULL,
  channel     TEXT COLLATE "C" NOT NULL,
  occurred_at BIGINT NOT NULL,
  source      TEXT COLLATE "C" NOT NULL,
  event_key   TEXT COLLATE "C" NOT NULL,
  recorded_at BIGINT NOT NULL,
  UNIQUE (program_id, event_key)
);
-- Scores read a program's events by person and time, or one person's.
CREATE INDEX engagement_events_person ON engagement_events (program_id, person, occurred_at, id);
