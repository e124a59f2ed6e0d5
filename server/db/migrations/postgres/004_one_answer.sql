-- PostgreSQL expression of ../004_one_answer.sql: one stored answer per question, decided by the database.
DELETE FROM messages m
 WHERE m.role = 'assistant' AND m.reply_to IS NOT NULL
   AND m.seq <> (SELECT min(seq) FROM messages o WHERE o.role = 'assistant' AND o.reply_to = m.reply_to);
CREATE UNIQUE INDEX messages_one_answer ON messages(reply_to) WHERE role = 'assistant';
