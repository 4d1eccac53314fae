-- Clicks summarised per UTC day (the floor of occurred_at / 86400000000), program and channel, and the distinct
-- visitors of each day and program as a sketch (domain/click_summary.h, store/sql/click_summary.h):
-- added to in the transaction that inserts the clicks, so that the dashboards read days, not
-- clicks. Each writer adds to rows of its own shard (here always 0; on PostgreSQL one per
-- instance); readers add up the shards. The rows of the clicks already here are computed from
-- them once this migration has run (the marker below; store/sql/click_summary.cc).
CREATE TABLE click_days (
  day        BIGINT NOT NULL,
  program_id TEXT NOT NULL,
  channel    TEXT NOT NULL,
  shard      BIGINT NOT NULL,
  clicks     BIGINT NOT NULL,
  bot_clicks BIGINT NOT NULL,
  PRIMARY KEY (program_id, day, channel, shard)
);
CREATE TABLE visitor_days (
  day        BIGINT NOT NULL,
  program_id TEXT NOT NULL,
  shard      BIGINT NOT NULL,
  sketch     TEXT NOT NULL,
  PRIMARY KEY (program_id, day, shard)
);
-- What each group commit adds, appended (one row per day and program it saw: its counts per
-- channel as "channel clicks bot_clicks" entries joined by ";", and a sketch of its visitors)
-- rather than written into the rows above, so that a group dirties one page more, not three; about
-- every 64th append (the writer whose append gets an id divisible by 64) folds every row appended
-- so far, whichever writer appended it, into its own shard of click_days and visitor_days, so that
-- rows a stopped instance left are folded too. Readers add in the rows not folded yet.
CREATE TABLE click_day_deltas (
  id         INTEGER PRIMARY KEY,
  shard      BIGINT NOT NULL,
  day        BIGINT NOT NULL,
  program_id TEXT NOT NULL,
  channels   TEXT NOT NULL,
  sketch     TEXT NOT NULL
);
INSERT INTO settings (name, value) VALUES ('click_summaries', 'to build');
