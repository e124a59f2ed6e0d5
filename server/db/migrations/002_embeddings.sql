-- Embeddings for hybrid retrieval (used only when an embeddings endpoint is configured).
-- A chunk is keyed by "<article id>#<ord>", which survives a knowledge rebuild (chunk ids do not), with the hash of
-- the text that was embedded: a sync re-embeds only new or changed chunks and deletes removed ones.
-- The vectors live in the vec0 virtual table `vec_chunks(chunk_key text primary key, embedding float[N])`,
-- created at run time by server/retrieval/embeddings.ts: it needs the sqlite-vec extension and the dimension.
CREATE TABLE chunk_embeddings (
  chunk_key    TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  model        TEXT NOT NULL,
  dims         INTEGER NOT NULL
);
