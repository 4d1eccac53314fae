-- Segments (domain/program_segment.h): a program's ordered filters over its advocates, each with its
-- own words and email templates ('' falls back to the program's). filter_attributes is a JSON
-- object of lists ({"tier": ["gold"]}); tags and nps_classes JSON arrays. A retired segment keeps
-- position 0. The program's own landing and portal words join its branding; a referral records
-- the segment its advocate was in when it was submitted ('' none).
ALTER TABLE programs ADD COLUMN portal_headline TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN landing_headline TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN landing_intro TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN segment_id TEXT NOT NULL DEFAULT '';
CREATE TABLE segments (
  id                TEXT PRIMARY KEY,
  program_id        TEXT NOT NULL REFERENCES programs (id),
  name              TEXT NOT NULL,
  description       TEXT NOT NULL,
  position          BIGINT NOT NULL CHECK (position >= 0),
  filter_attributes TEXT NOT NULL,
  filter_tags       TEXT NOT NULL,
  nps_classes       TEXT NOT NULL,
  min_level         TEXT NOT NULL,
  share_message     TEXT NOT NULL,
  portal_headline   TEXT NOT NULL,
  landing_headline  TEXT NOT NULL,
  landing_intro     TEXT NOT NULL,
  active            BIGINT NOT NULL,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE INDEX segments_program ON segments (program_id, active, position);
CREATE TABLE segment_email_templates (
  segment_id TEXT NOT NULL REFERENCES segments (id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (segment_id, kind)
);
