-- PostgreSQL expression of ../005_feedback_and_person_requests.sql.
CREATE TABLE feedback (
  message_id      TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  rating          INTEGER NOT NULL CHECK (rating IN (-1, 1)),
  comment         TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feedback_conversation ON feedback(conversation_id);

CREATE TABLE person_requests (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY,
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'handled')),
  reason          TEXT,
  level           TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  handled_at      TIMESTAMPTZ,
  handled_by      TEXT
);
CREATE INDEX person_requests_status ON person_requests(status, created_at);
CREATE UNIQUE INDEX person_requests_one_open ON person_requests(conversation_id) WHERE status = 'open';
