-- CSV imports (domain/import.h) and their reports; errors and warnings as JSON text
-- ([[row, column, message], ...], at most the first 1000 errors).
CREATE TABLE imports (
  id               TEXT PRIMARY KEY,
  program_id       TEXT NOT NULL REFERENCES programs(id),
  kind             TEXT NOT NULL CHECK (kind IN ('advocates', 'referrals')),
  dry_run          INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  status           TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  created_by       TEXT NOT NULL,
  rows_total       BIGINT NOT NULL,
  rows_done        BIGINT NOT NULL,
  created          BIGINT NOT NULL,
  updated          BIGINT NOT NULL,
  unchanged        BIGINT NOT NULL,
  refused          BIGINT NOT NULL,
  errors           TEXT NOT NULL,
  errors_truncated INTEGER NOT NULL CHECK (errors_truncated IN (0, 1)),
  warnings         TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  finished_at      BIGINT
);
CREATE INDEX imports_program ON imports (program_id, id);
