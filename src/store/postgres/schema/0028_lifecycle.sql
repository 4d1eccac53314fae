-- Lifecycle stages (domain/lifecycle.h). A program's settings (its stages as a JSON list of
-- {key, name, weight}, and the stage each of Bluebird's events moves people to); no row: the
-- defaults.
CREATE TABLE lifecycle_settings (
  program_id              TEXT COLLATE "C" PRIMARY KEY REFERENCES programs (id),
  stages                  TEXT COLLATE "C" NOT NULL,
  on_referral_submitted   TEXT COLLATE "C" NOT NULL,
  on_referral_won         TEXT COLLATE "C" NOT NULL,
  on_enrolled             TEXT COLLATE "C" NOT NULL,
  lose_on_referral_closed BIGINT NOT NULL,
  updated_at              BIGINT NOT NULL,
  updated_by              TEXT COLLATE "C" NOT NULL
);
-- Every move of every person (by email match key), append-only; once per key (an event's move
-- is made once however often the event is seen).
CREATE TABLE lifecycle_moves (
  id         TEXT COLLATE "C" PRIMARY KEY,
  program_id TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  contact    TEXT COLLATE "C" NOT NULL,
  email      TEXT COLLATE "C" NOT NULL,
  from_stage TEXT COLLATE "C" NOT NULL,
  to_stage   TEXT COLLATE "C" NOT NULL,
  reached    TEXT COLLATE "C" NOT NULL,
  at         BIGINT NOT NULL,
  source     TEXT COLLATE "C" NOT NULL CHECK (source IN ('auto', 'staff')),
  actor_id   TEXT COLLATE "C" NOT NULL,
  reason     TEXT COLLATE "C" NOT NULL,
  move_key   TEXT COLLATE "C" NOT NULL,
  UNIQUE (program_id, move_key)
);
-- One person's history; the program's figures read every move by person and time.
CREATE INDEX lifecycle_moves_contact ON lifecycle_moves (program_id, contact, at, id);
-- Where each person stands now: the log's last move, written with it.
CREATE TABLE lifecycle_contacts (
  program_id    TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  contact       TEXT COLLATE "C" NOT NULL,
  email         TEXT COLLATE "C" NOT NULL,
  stage         TEXT COLLATE "C" NOT NULL,
  entered_at    BIGINT NOT NULL,
  first_seen_at BIGINT NOT NULL,
  PRIMARY KEY (program_id, contact)
);
CREATE INDEX lifecycle_contacts_stage ON lifecycle_contacts (program_id, stage);
