-- Bluebird schema, version 11: staff access that can be changed and taken away. An admin issues a
-- one-time password reset link (kept as a SHA-256 hash, valid an hour, used once); changing a
-- user's role or disabling them ends their sessions, found by user.

CREATE TABLE user_password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX user_password_resets_user ON user_password_resets (user_id);

CREATE INDEX sessions_user ON sessions (user_id);
