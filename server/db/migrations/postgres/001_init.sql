-- PostgreSQL expression of ../001_init.sql: the state only. Articles, chunks and their FTS5 index are the
-- knowledge index, which every instance builds into its own local SQLite file (docs/ARCHITECTURE.md).
-- Times are timestamptz (the store hands them out as ISO 8601 strings, as SQLite stores them); JSON is jsonb.

-- Conversations and messages. The user's message is inserted before any slow step.
CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,
  audience    TEXT NOT NULL CHECK (audience IN ('patient', 'nurse')),
  triage      JSONB,                     -- accumulated findings and level across turns
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE messages (
  seq               BIGINT GENERATED ALWAYS AS IDENTITY,  -- insertion order (SQLite's rowid)
  id                TEXT PRIMARY KEY,
  conversation_id   TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role              TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content           TEXT NOT NULL,
  client_message_id TEXT,
  reply_to          TEXT REFERENCES messages(id),
  status            TEXT NOT NULL DEFAULT 'stored',  -- user: stored | answered | failed
  triage            JSONB,
  citations         JSONB,
  model             TEXT,
  fallback          BOOLEAN NOT NULL DEFAULT false,
  usage             JSONB,                           -- token usage when the model reports it
  latency_ms        INTEGER,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation ON messages(conversation_id, seq);
CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, client_message_id)
  WHERE client_message_id IS NOT NULL;

-- Who did what with elevated rights (nurse queries, imports).
CREATE TABLE audit_log (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE eval_runs (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY,
  id         TEXT PRIMARY KEY,
  suite      TEXT NOT NULL,
  model      TEXT NOT NULL,
  summary    JSONB NOT NULL,   -- metrics
  results    JSONB NOT NULL,   -- per-case results
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
