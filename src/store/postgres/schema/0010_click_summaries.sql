-- Clicks summarised per UTC day (occurred_at / 86400000000), program and channel, and the distinct
-- visitors of each day and program as a sketch (domain/click_summary.h, store/sql/click_summary.h):
-- added to in the transaction that inserts the clicks, so that the dashboards read days, not
-- clicks. Each instance adds to rows of its own shard (chosen when it starts), so that instances
-- recording clicks of one program on one day do not conflict; readers add up the shards. The rows
-- of the clicks already here are computed from them once this migration has run (the marker
-- below; store/sql/click_summary.cc).
CREATE TABLE click_days (
  day        BIGINT NOT NULL,
  program_id TEXT COLLATE "C" NOT NULL,
  channel    TEXT COLLATE "C" NOT NULL,
  shard      BIGINT NOT NULL,
  clicks     BIGINT NOT NULL,
  bot_clicks BIGINT NOT NULL,
  PRIMARY KEY (day, program_id, channel, shard)
);
CREATE TABLE visitor_days (
  day        BIGINT NOT NULL,
  program_id TEXT COLLATE "C" NOT NULL,
  shard      BIGINT NOT NULL,
  sketch     TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (day, program_id, shard)
);
INSERT INTO settings (name, value) VALUES ('click_summaries', 'to build');
