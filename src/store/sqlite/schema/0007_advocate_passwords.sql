-- Bluebird schema, version 7: advocates may sign in to the portal with a password (argon2id PHC
-- string, one per advocate, i.e. per program membership; email_proven: chosen by someone who had
-- proven the advocate's email), and a portal session records how it was opened ('link', 'join' or
-- 'password'), which decides whether a password may be set without the current one. Sessions from
-- before this version count as 'password', the method with the fewest rights.

CREATE TABLE advocate_passwords (
  advocate_id   TEXT PRIMARY KEY REFERENCES advocates (id),
  password_hash TEXT NOT NULL,
  email_proven  INTEGER NOT NULL,
  updated_at    BIGINT NOT NULL
);

ALTER TABLE advocate_sessions ADD COLUMN opened_by TEXT NOT NULL DEFAULT 'password';

-- Setting a password retires the advocate's unused sign-in links.
CREATE INDEX advocate_sign_in_links_advocate ON advocate_sign_in_links (advocate_id);
