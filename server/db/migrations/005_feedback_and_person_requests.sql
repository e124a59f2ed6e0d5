-- Thumbs up or down on an answer (one rating per answer; a second replaces the first), and a patient's request to
-- talk to a person, which the nurse console lists until a nurse marks it handled. Both go with their conversation.
CREATE TABLE feedback (
  message_id      TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  rating          INTEGER NOT NULL CHECK (rating IN (-1, 1)),
  comment         TEXT,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX feedback_conversation ON feedback(conversation_id);

CREATE TABLE person_requests (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled')),
  reason          TEXT,
  level           TEXT,            -- the assessment's level when the person asked
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  handled_at      TEXT,
  handled_by      TEXT
);
CREATE INDEX person_requests_status ON person_requests(status, created_at);
-- One open request per conversation: asking again while one waits is the same request.
CREATE UNIQUE INDEX person_requests_one_open ON person_requests(conversation_id) WHERE status = 'open';
