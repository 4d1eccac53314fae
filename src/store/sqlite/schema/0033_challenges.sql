-- Challenges (domain/challenge.h): typed steps an advocate does for points, and each step done.
-- A completion's points are the points entry keyed "challenge:<completion id>", written when it is
-- approved (at once for steps done by events). steps and tags are JSON arrays.
CREATE TABLE challenges (
  id               TEXT PRIMARY KEY,
  program_id       TEXT NOT NULL REFERENCES programs (id),
  name             TEXT NOT NULL,
  description      TEXT NOT NULL,
  steps            TEXT NOT NULL,
  starts_at        BIGINT NOT NULL,
  ends_at          BIGINT,
  tags             TEXT NOT NULL,
  per_member_limit BIGINT NOT NULL CHECK (per_member_limit BETWEEN 1 AND 1000),
  total_limit      BIGINT CHECK (total_limit BETWEEN 1 AND 1000000),
  active           BIGINT NOT NULL,
  has_share_step   BIGINT NOT NULL,
  share_cursor_at  BIGINT,
  share_cursor_id  BIGINT,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE INDEX challenges_program ON challenges (program_id, active, id);
CREATE TABLE challenge_completions (
  id           TEXT PRIMARY KEY,
  program_id   TEXT NOT NULL REFERENCES programs (id),
  challenge_id TEXT NOT NULL REFERENCES challenges (id),
  step         BIGINT NOT NULL CHECK (step BETWEEN 0 AND 9),
  advocate_id  TEXT NOT NULL REFERENCES advocates (id),
  status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'reversed')),
  ref          TEXT NOT NULL,
  url          TEXT NOT NULL,
  text         TEXT NOT NULL,
  points       BIGINT NOT NULL,
  note         TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  decided_at   BIGINT,
  decided_by   TEXT NOT NULL
);
-- What did a step counts once (a referral, an answer, a share); the limits' counts; a program's
-- queue; one advocate's; a referral's completions to reverse.
CREATE UNIQUE INDEX challenge_completions_ref ON challenge_completions (challenge_id, step, ref) WHERE ref <> '';
CREATE INDEX challenge_completions_step ON challenge_completions (challenge_id, step, advocate_id, status);
CREATE INDEX challenge_completions_program ON challenge_completions (program_id, status, id);
CREATE INDEX challenge_completions_advocate ON challenge_completions (advocate_id, id);
CREATE INDEX challenge_completions_of_ref ON challenge_completions (program_id, ref) WHERE ref <> '';
