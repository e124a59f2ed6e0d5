-- PostgreSQL expression of ../003_security.sql: conversation secrets, accounts and sessions, a fuller audit log.

-- A conversation is private to whoever started it: creation returns a random secret, and only its sha256 is kept.
-- claim_key (sha256 of the first message's clientMessageId and text) lets a resend of that first message, whose
-- ack was lost, find the same conversation; it is cleared once the conversation is continued with its secret, and
-- ignored after an hour.
ALTER TABLE conversations ADD COLUMN secret_hash TEXT;
ALTER TABLE conversations ADD COLUMN claim_key TEXT;
CREATE UNIQUE INDEX conversations_claim ON conversations(claim_key) WHERE claim_key IS NOT NULL;
CREATE INDEX conversations_updated ON conversations(updated_at);

-- Staff accounts (npm run user -- add|list|disable). Passwords are argon2id hashes. Names are unique whatever
-- their case (SQLite: COLLATE NOCASE).
CREATE TABLE users (
  id              INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username        TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('nurse', 'qa', 'admin')),
  password_hash   TEXT NOT NULL,
  disabled        BOOLEAN NOT NULL DEFAULT false,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_login_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

-- Sign-ins: an HTTP-only cookie for the console or a bearer token for the API. Only the token's sha256 is kept.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Every nurse, QA and admin read and change, and every refused attempt.
ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'ok';  -- ok | denied | rate_limited | locked
ALTER TABLE audit_log ADD COLUMN ip TEXT;
CREATE INDEX audit_log_created ON audit_log(created_at);
