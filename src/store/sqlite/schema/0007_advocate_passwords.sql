-- Bluebird schema, version 7: advocates may sign in to the portal with a password (argon2id PHC
-- string, one per advocate, i.e. per program membership), and a portal session records how it was
-- opened ('link', 'join' or 'password'), which decides whether a password may be set without the
-- current one.

CREATE TABLE advocate_passwords (
  advocate_id   TEXT PRIMARY KEY REFERENCES advocates (id),
  password_hash TEXT NOT NULL,
  updated_at    BIGINT NOT NULL
);

ALTER TABLE advocate_sessions ADD COLUMN opened_by TEXT NOT NULL DEFAULT 'link';
