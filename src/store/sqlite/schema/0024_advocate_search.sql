-- An index for advocate search (store/advocates.h: a substring of the name, the email or the
-- company): the lower-cased texts in advocate_search_text (one row per advocate, kept by the
-- triggers below, with an INTEGER PRIMARY KEY so that its ids survive a VACUUM), and an FTS5
-- trigram index over them. The index only narrows the candidates of a search of three characters
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
CREATE TRIGGER advocate_search_text_inserted AFTER INSERT ON advocate_search_text BEGIN
  INSERT INTO advocate_search (rowid, name, email, company) VALUES (new.id, new.name, new.email, new.company);
END;
CREATE TRIGGER advocate_search_text_updated AFTER UPDATE ON advocate_search_text
WHEN old.name <> new.name OR old.email <> new.email OR old.company <> new.company BEGIN
  INSERT INTO advocate_search (advocate_search, rowid, name, email, company)
  VALUES ('delete', old.id, old.name, old.email, old.company);
  INSERT INTO advocate_search (rowid, name, email, company) VALUES (new.id, new.name, new.email, new.company);
END;
CREATE TRIGGER advocates_search_inserted AFTER INSERT ON advocates BEGIN
  INSERT INTO advocate_search_text (advocate_id, name, email, company)
  VALUES (new.id, lower(new.first_name || ' ' || new.last_name),
          (SELECT email_normalized FROM people WHERE id = new.person_id), lower(new.company));
END;
CREATE TRIGGER advocates_search_updated AFTER UPDATE OF first_name, last_name, company ON advocates BEGIN
  UPDATE advocate_search_text SET name = lower(new.first_name || ' ' || new.last_name), company = lower(new.company)
  WHERE advocate_id = new.id;
END;
