-- Bluebird schema, version 8: an advocate's clicks by time, for their activity (the console's
-- advocate page and the advocate's own portal) without reading the whole program's clicks.

CREATE INDEX clicks_advocate ON clicks (advocate_id, occurred_at);
