-- ../002_embeddings.sql adds chunk_embeddings, which belongs to the knowledge index (local SQLite, with the
-- sqlite-vec vectors). Nothing of it is shared state, so there is nothing to create here; the number is kept so
-- that both engines count their migrations the same way.
SELECT 1;
