-- The tags whose members see a leaderboard of their own group in the portal (a JSON list of
-- normalised tags, in the order staff listed them; none until a program names some).
ALTER TABLE points_settings ADD COLUMN board_groups TEXT COLLATE "C" NOT NULL DEFAULT '[]';
