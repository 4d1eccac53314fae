-- What staff enter per program and calendar month (domain/program_month.h): the program's running
-- cost and the business's new pipeline and revenue from every source, each optional, in the
-- program's currency.
CREATE TABLE program_months (
  program_id           TEXT COLLATE "C" NOT NULL REFERENCES programs(id),
  month                TEXT COLLATE "C" NOT NULL,  -- YYYY-MM
  cost_minor           BIGINT,
  total_pipeline_minor BIGINT,
  total_revenue_minor  BIGINT,
  note                 TEXT COLLATE "C" NOT NULL,
  updated_by           TEXT COLLATE "C" NOT NULL,
  updated_at           BIGINT NOT NULL,
  PRIMARY KEY (program_id, month)
);
