-- What staff enter per program and calendar month (domain/program_month.h): the program's running
-- cost and the business's new pipeline and revenue from every source, each optional, in the
-- program's currency.
CREATE TABLE program_months (
  program_id           TEXT NOT NULL REFERENCES programs(id),
  month                TEXT NOT NULL,  -- YYYY-MM
  cost_minor           INTEGER,
  total_pipeline_minor INTEGER,
  total_revenue_minor  INTEGER,
  note                 TEXT NOT NULL,
  updated_by           TEXT NOT NULL,
  updated_at           INTEGER NOT NULL,
  PRIMARY KEY (program_id, month)
);
