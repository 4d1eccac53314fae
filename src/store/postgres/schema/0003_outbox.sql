-- Bluebird on PostgreSQL, version 3 (SQLite's 0015): the outbox, webhook endpoints and the
-- suppression list. Every side effect owed to the world (a webhook delivery, an email) is an outbox
-- row written in the transaction of the change that causes it; a worker claims due rows under a
-- lease (next_attempt_at moves to the lease's end), attempts them, and records each attempt.
-- Delivered and dead rows stay for the delivery log.

CREATE TABLE webhook_endpoints (
  id                    TEXT COLLATE "C" PRIMARY KEY,
  url                   TEXT NOT NULL,
  description           TEXT NOT NULL,
  events                TEXT NOT NULL,           -- subscribed event types, space-separated, sorted
  secret                TEXT NOT NULL,
  previous_secret       TEXT NOT NULL,           -- '' when none
  previous_secret_until BIGINT,
  enabled               BIGINT NOT NULL CHECK (enabled IN (0, 1)),
  disabled_reason       TEXT NOT NULL,
  failing_since         BIGINT,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL
);

CREATE TABLE outbox (
  id              TEXT COLLATE "C" PRIMARY KEY,
  kind            TEXT COLLATE "C" NOT NULL CHECK (kind IN ('webhook', 'email')),
  target          TEXT COLLATE "C" NOT NULL,
  message_id      TEXT COLLATE "C" NOT NULL,
  event_type      TEXT COLLATE "C" NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        BIGINT NOT NULL CHECK (attempts >= 0),
  created_at      BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_holder    TEXT COLLATE "C" NOT NULL,
  last_attempt_at BIGINT,
  last_status     BIGINT NOT NULL,
  last_error      TEXT NOT NULL,
  finished_at     BIGINT,
  -- The current series of attempts (the first, or the one a replay began): when it began and the
  -- attempt number it began with. The backoff and the horizon count from these.
  series_started_at    BIGINT NOT NULL,
  series_first_attempt BIGINT NOT NULL CHECK (series_first_attempt >= 1)
);
-- The worker's claim: pending rows by due time, and nothing else.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
-- An endpoint's delivery log, newest first.
CREATE INDEX outbox_target ON outbox (target, id);
CREATE INDEX outbox_dead ON outbox (kind, id) WHERE state = 'dead';

CREATE TABLE outbox_attempts (
  outbox_id TEXT COLLATE "C" NOT NULL REFERENCES outbox (id),
  number    BIGINT NOT NULL,
  at        BIGINT NOT NULL,
  took_us   BIGINT NOT NULL,
  status    BIGINT NOT NULL,
  error     TEXT NOT NULL,
  PRIMARY KEY (outbox_id, number)
);

-- The suppression list: addresses not to email (bounces, complaints, staff; unsubscribes stop all but
-- transactional mail). One entry per normalized address.
CREATE TABLE suppressions (
  id         TEXT COLLATE "C" PRIMARY KEY,
  email      TEXT COLLATE "C" NOT NULL UNIQUE,
  reason     TEXT COLLATE "C" NOT NULL CHECK (reason IN ('bounce', 'complaint', 'staff', 'unsubscribe')),
  note       TEXT NOT NULL,
  actor      TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL
);
