-- A program's own email templates (domain/email_template.h); a kind without a row uses its default.
CREATE TABLE email_templates (
  program_id TEXT COLLATE "C" NOT NULL REFERENCES programs(id),
  kind       TEXT COLLATE "C" NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (program_id, kind)
);
