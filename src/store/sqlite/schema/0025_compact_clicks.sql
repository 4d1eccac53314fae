-- Bluebird schema, version 25: clicks in about a third of the space (issue 16: 427 bytes per click
-- with indexes at ten million clicks). What every click repeats is kept once and referred to by a
-- small integer: the program, the advocate with the code, the user agent and the referrer (a few
-- thousand distinct values against millions of clicks). The visitor id (a ULID) and the address
-- hash (128 bits) are kept as two 64-bit integers each (domain::Bits128, the more significant
-- half first, as signed integers), not as 26 and 32 characters. The visitor index holds the less
-- significant half (64 random bits), its entries in the order the clicks were stored (the rowid),
-- so that a visitor's first clicks are read up to a limit; a lookup checks the other half in the
-- row.
--
-- The keys are given out by the click writers as they first meet a value
-- (store/sql/click_keys.h); a key is never changed or reused.
CREATE TABLE click_names (
  id    INTEGER PRIMARY KEY,
  kind  TEXT NOT NULL,  -- 'program', 'user_agent' or 'referrer'
  value TEXT NOT NULL,
  UNIQUE (kind, value)
);
CREATE TABLE click_advocates (
  id          INTEGER PRIMARY KEY,
  advocate_id TEXT NOT NULL UNIQUE,
  program_id  TEXT NOT NULL,
  code        TEXT NOT NULL
);
CREATE TABLE clicks_compact (
  id             INTEGER PRIMARY KEY,
  program_ref    INTEGER NOT NULL,  -- click_names (program)
  advocate_ref   INTEGER NOT NULL,  -- click_advocates
  occurred_at    BIGINT NOT NULL,
  channel        TEXT NOT NULL,
  visitor_high   BIGINT NOT NULL,
  visitor_low    BIGINT NOT NULL,
  address_high   BIGINT NOT NULL,
  address_low    BIGINT NOT NULL,
  user_agent_ref INTEGER NOT NULL,  -- click_names (user_agent)
  referrer_ref   INTEGER NOT NULL,  -- click_names (referrer)
  is_bot         INTEGER NOT NULL
);

-- The clicks stored so far. bb_visitor_half and bb_address_half are Bluebird's own functions
-- (store/sqlite/sql_functions.h): a value that is not one Bluebird writes (a hand-made row)
-- becomes a hash of itself rather than stopping the upgrade.
INSERT INTO click_names (kind, value) SELECT DISTINCT 'program', program_id FROM clicks;
INSERT INTO click_names (kind, value) SELECT DISTINCT 'user_agent', user_agent FROM clicks;
INSERT INTO click_names (kind, value) SELECT DISTINCT 'referrer', referrer FROM clicks;
INSERT INTO click_advocates (advocate_id, program_id, code)
  SELECT advocate_id, MIN(program_id), MIN(code) FROM clicks GROUP BY advocate_id;
INSERT INTO clicks_compact (id, program_ref, advocate_ref, occurred_at, channel, visitor_high, visitor_low,
                            address_high, address_low, user_agent_ref, referrer_ref, is_bot)
  SELECT c.id, p.id, a.id, c.occurred_at, c.channel, bb_visitor_half(c.visitor_id, 0),
         bb_visitor_half(c.visitor_id, 1), bb_address_half(c.ip_hash, 0), bb_address_half(c.ip_hash, 1), u.id, r.id,
         c.is_bot
  FROM clicks c
  JOIN click_names p ON p.kind = 'program' AND p.value = c.program_id
  JOIN click_advocates a ON a.advocate_id = c.advocate_id
  JOIN click_names u ON u.kind = 'user_agent' AND u.value = c.user_agent
  JOIN click_names r ON r.kind = 'referrer' AND r.value = c.referrer
  ORDER BY c.id;
DROP TABLE clicks;
ALTER TABLE clicks_compact RENAME TO clicks;
CREATE INDEX clicks_program ON clicks (program_ref, is_bot, occurred_at);
CREATE INDEX clicks_advocate ON clicks (advocate_ref, occurred_at);
CREATE INDEX clicks_visitor ON clicks (visitor_low);
