-- Knowledge: articles split into section chunks, indexed by FTS5 (bm25).
CREATE TABLE articles (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  audience      TEXT NOT NULL CHECK (audience IN ('patient', 'nurse')),
  summary       TEXT NOT NULL,
  synonyms      TEXT NOT NULL,           -- JSON array
  concepts      TEXT NOT NULL,           -- JSON array of lexicon ids
  sources       TEXT NOT NULL,           -- JSON array of { name, url? }
  last_reviewed TEXT NOT NULL,
  origin        TEXT NOT NULL DEFAULT 'library',  -- library | local (a clinic's own documents)
  path          TEXT NOT NULL,
  body          TEXT NOT NULL
);

CREATE TABLE chunks (
  id         INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ord        INTEGER NOT NULL,
  section    TEXT NOT NULL,
  text       TEXT NOT NULL
);
CREATE INDEX chunks_article ON chunks(article_id, ord);

CREATE VIRTUAL TABLE chunks_fts USING fts5(
  title, synonyms, section, text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE kb_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Conversations and messages. The user's message is inserted before any slow step.
CREATE TABLE conversations (
  id          TEXT PRIMARY KEY,
  audience    TEXT NOT NULL CHECK (audience IN ('patient', 'nurse')),
  triage      TEXT,                      -- JSON: accumulated findings and level across turns
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE messages (
  id                TEXT PRIMARY KEY,
  conversation_id   TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role              TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content           TEXT NOT NULL,
  client_message_id TEXT,
  reply_to          TEXT REFERENCES messages(id),
  status            TEXT NOT NULL DEFAULT 'stored',  -- user: stored | answered | failed
  triage            TEXT,                            -- JSON
  citations         TEXT,                            -- JSON
  model             TEXT,
  fallback          INTEGER NOT NULL DEFAULT 0,
  usage             TEXT,                            -- JSON token usage when the model reports it
  latency_ms        INTEGER,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
CREATE UNIQUE INDEX messages_client_id ON messages(conversation_id, client_message_id)
  WHERE client_message_id IS NOT NULL;

-- Who did what with elevated rights (nurse queries, imports).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE eval_runs (
  id         TEXT PRIMARY KEY,
  suite      TEXT NOT NULL,
  model      TEXT NOT NULL,
  summary    TEXT NOT NULL,   -- JSON metrics
  results    TEXT NOT NULL,   -- JSON per-case results
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
