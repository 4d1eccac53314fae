-- A program's language settings (domain/program_language.h): its language tag, and its own wording
-- of the sentences Bluebird writes to its advocates, one row per sentence it reworded (a sentence
-- without a row says the English default).
CREATE TABLE program_languages (
  program_id TEXT PRIMARY KEY REFERENCES programs (id),
  language   TEXT NOT NULL
);
CREATE TABLE program_messages (
  program_id TEXT NOT NULL REFERENCES programs (id),
  key        TEXT NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (program_id, key)
);
