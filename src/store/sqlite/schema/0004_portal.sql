-- Bluebird schema, version 4: advocates signing in to the portal. Tokens are kept only as SHA-256
-- hashes; a sign-in link is used once.

CREATE TABLE advocate_sign_in_links (
  token_hash  TEXT PRIMARY KEY,
  advocate_id TEXT NOT NULL REFERENCES advocates (id),
  created_by  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  used_at     BIGINT
);

CREATE TABLE advocate_sessions (
  token_hash   TEXT PRIMARY KEY,
  advocate_id  TEXT NOT NULL REFERENCES advocates (id),
  created_at   BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE INDEX advocate_sessions_advocate ON advocate_sessions (advocate_id);
