-- The clicks export (GET /api/v1/exports/clicks.csv) pages by (occurred_at, id) within a program
-- and bot flag, or within an advocate. SQLite's indexes end with the rowid, so they give that
-- order as they are; PostgreSQL's need the id, or a prepared statement's generic plan may sort
-- everything from the cursor to the range's end on every page (quadratic for an advocate with
-- millions of clicks). The same two indexes, one column wider: the click insert keeps its
-- count of index writes. Rebuilding them reads the clicks table once.
DROP INDEX clicks_program;
CREATE INDEX clicks_program ON clicks (program_id, is_bot, occurred_at, id);
DROP INDEX clicks_advocate;
CREATE INDEX clicks_advocate ON clicks (advocate_id, occurred_at, id);
