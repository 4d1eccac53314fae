-- An index for advocate search (store/advocates.h: a substring of the name, the email or the
-- company): the lower-cased texts in advocate_search_text (one row per advocate, with an INTEGER
-- PRIMARY KEY so that its ids survive a VACUUM), and an FTS5 trigram index over them, both written
-- by the store beside each advocate (store/sql/sql_tx_advocates.cc). Not by triggers: FTS5 writes
-- its pending entries out at every statement savepoint, which a trigger's statement opens, and that
-- made an import three times slower. The index only narrows the candidates of a search of three characters
-- or more (those holding all of its trigrams); the search's own test (instr over lower(), as
-- before) decides, so the results are those of the scan it replaces. PostgreSQL has pg_trgm indexes instead (its schema 13).
CREATE TABLE advocate_search_text (
  id          INTEGER PRIMARY KEY,
  advocate_id TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL,
  company     TEXT NOT NULL
);
INSERT INTO advocate_search_text (advocate_id, name, email, company)
SELECT a.id, lower(a.first_name || ' ' || a.last_name), p.email_normalized, lower(a.company)
FROM advocates a JOIN people p ON p.id = a.person_id ORDER BY a.id;
-- Without positions (detail 'none'): a search asks for all of its trigrams, which finds a superset
-- of the advocates holding the text, in an index a sixth of the size.
CREATE VIRTUAL TABLE advocate_search USING fts5(
  name, email, company, content = 'advocate_search_text', content_rowid = 'id', tokenize = 'trigram',
  detail = 'none');
INSERT INTO advocate_search (advocate_search) VALUES ('rebuild');
