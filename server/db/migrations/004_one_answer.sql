-- Several instances: one stored answer per question, decided by the database. A resend that reaches a second
-- instance while (or after) the first one answers can never store a second answer; the store hands back the one
-- already there. Should an older database hold two answers to one question, the first is kept.
DELETE FROM messages
 WHERE role = 'assistant' AND reply_to IS NOT NULL
   AND rowid NOT IN (SELECT min(rowid) FROM messages WHERE role = 'assistant' AND reply_to IS NOT NULL GROUP BY reply_to);
CREATE UNIQUE INDEX messages_one_answer ON messages(reply_to) WHERE role = 'assistant';
