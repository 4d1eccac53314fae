-- Indexes for advocate search (store/advocates.h: a substring of the name, the email or the
-- company): trigram indexes (pg_trgm, a trusted extension shipped with PostgreSQL: the database's
-- owner may create it) that LIKE '%text%' uses for a search of three characters or more. The
-- search's own test decides, so the results are those of the scan they replace. SQLite has an FTS5
-- trigram index instead (its schema 24).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX advocates_search_name ON advocates USING gin ((lower(first_name || ' ' || last_name)) gin_trgm_ops);
CREATE INDEX advocates_search_company ON advocates USING gin ((lower(company)) gin_trgm_ops);
CREATE INDEX people_search_email ON people USING gin (email_normalized gin_trgm_ops);
