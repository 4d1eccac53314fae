-- Bluebird schema, version 6: a program's branding — the colour of its pages and cards, its logo,
-- and the message advocates start from when they share ('' means the built-in default).

ALTER TABLE programs ADD COLUMN brand_color TEXT NOT NULL DEFAULT '#1d4ed8';
ALTER TABLE programs ADD COLUMN logo_url TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN share_message TEXT NOT NULL DEFAULT '';
