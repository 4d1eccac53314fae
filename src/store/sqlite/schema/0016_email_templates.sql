-- A program's own email templates (domain/email_template.h); a kind without a row uses its default.
CREATE TABLE email_templates (
  program_id TEXT NOT NULL REFERENCES programs(id),
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  enabled    INTEGER NOT NULL,  -- 0: an automatic email of this kind is not sent
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (program_id, kind)
);

-- The staff notifications each user chose (service/email_notifier.h): "referral_held", "daily_digest".
CREATE TABLE staff_notifications (
  user_id TEXT NOT NULL REFERENCES users(id),
  topic   TEXT NOT NULL,
  PRIMARY KEY (user_id, topic)
);
