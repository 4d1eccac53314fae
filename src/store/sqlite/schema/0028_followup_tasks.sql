-- Follow-up tasks (domain/followup_task.h): one per detractor's answer, assigned to the user who
-- enrolled the advocate (or to nobody in particular), open until someone closes it.
CREATE TABLE followup_tasks (
  id              TEXT PRIMARY KEY,
  program_id      TEXT NOT NULL REFERENCES programs (id),
  nps_response_id TEXT NOT NULL UNIQUE REFERENCES nps_responses (id),
  email           TEXT NOT NULL,
  advocate_id     TEXT REFERENCES advocates (id),
  owner_id        TEXT NOT NULL,
  score           INTEGER NOT NULL,
  comment         TEXT NOT NULL,
  status          TEXT NOT NULL,
  note            TEXT NOT NULL,
  answered_at     BIGINT NOT NULL,
  due_at          BIGINT NOT NULL,
  contacted_at    BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  updated_by      TEXT NOT NULL,
  closed_at       BIGINT
);
-- A program's tasks by status, newest first; one person's tasks (a sales rep's own); the tasks of
-- a range's answers (the NPS report).
CREATE INDEX followup_tasks_program ON followup_tasks (program_id, status, id);
CREATE INDEX followup_tasks_owner ON followup_tasks (owner_id, status, id);
CREATE INDEX followup_tasks_answered ON followup_tasks (program_id, answered_at);
