-- Customer value (domain/customer_value.h). Every published version of a program's valuation
-- settings, immutable; no row: the defaults.
CREATE TABLE value_settings (
  program_id             TEXT NOT NULL REFERENCES programs (id),
  version                BIGINT NOT NULL CHECK (version > 0),
  horizon_years          BIGINT,
  discount_rate_bp       BIGINT NOT NULL,
  retention_rate_bp      BIGINT NOT NULL,
  derive_retention       BIGINT NOT NULL,
  gross_margin_bp        BIGINT NOT NULL,
  recurring              BIGINT NOT NULL,
  acquisition_cost_minor BIGINT NOT NULL,
  incremental_share_bp   BIGINT NOT NULL,
  revenue_per_year_minor BIGINT NOT NULL,
  clv_threshold_minor    BIGINT,
  crv_threshold_minor    BIGINT,
  published_at           BIGINT NOT NULL,
  published_by           TEXT NOT NULL,
  PRIMARY KEY (program_id, version)
);
-- An advocate's own figures as a customer, append-only: the latest by an instant counts.
CREATE TABLE customer_inputs (
  id                     TEXT PRIMARY KEY,
  program_id             TEXT NOT NULL REFERENCES programs (id),
  advocate_id            TEXT NOT NULL REFERENCES advocates (id),
  revenue_per_year_minor BIGINT NOT NULL,
  retention_rate_bp      BIGINT,
  marketing_cost_minor   BIGINT NOT NULL,
  recorded_at            BIGINT NOT NULL,
  recorded_by            TEXT NOT NULL
);
CREATE INDEX customer_inputs_advocate ON customer_inputs (program_id, advocate_id, recorded_at, id);
-- Influence and knowledge values, append-only (a correction is a negative entry).
CREATE TABLE value_entries (
  id           TEXT PRIMARY KEY,
  program_id   TEXT NOT NULL REFERENCES programs (id),
  advocate_id  TEXT NOT NULL REFERENCES advocates (id),
  category     TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  note         TEXT NOT NULL,
  source_ref   TEXT NOT NULL,
  occurred_at  BIGINT NOT NULL,
  recorded_at  BIGINT NOT NULL,
  recorded_by  TEXT NOT NULL
);
CREATE INDEX value_entries_advocate ON value_entries (program_id, advocate_id, occurred_at, id);
-- Referred customers' answers to "would you have joined without the referral?", append-only: the
-- latest by an instant counts (NULL: unknown).
CREATE TABLE incrementality_answers (
  id                       TEXT PRIMARY KEY,
  program_id               TEXT NOT NULL REFERENCES programs (id),
  referral_id              TEXT NOT NULL REFERENCES referrals (id),
  would_have_joined_anyway BIGINT,
  recorded_at              BIGINT NOT NULL,
  recorded_by              TEXT NOT NULL
);
CREATE INDEX incrementality_answers_referral ON incrementality_answers (program_id, referral_id, recorded_at, id);
