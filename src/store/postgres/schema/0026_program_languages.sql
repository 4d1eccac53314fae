-- A program's language settings (domain/program_language.h): its language tag, and its own wording
-- of the sentences Bluebird writes to its advocates, one row per sentence it reworded (a sentence
-- without a row says the English default).
CREATE TABLE program_languages (
  program_id TEXT COLLATE "C" PRIMARY KEY REFERENCES programs (id),
  language   TEXT COLLATE "C" NOT NULL
);
CREATE TABLE program_messages (
  program_id TEXT COLLATE "C" NOT NULL REFERENCES programs (id),
  key        TEXT COLLATE "C" NOT NULL,
  text       TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (program_id, key)
);
