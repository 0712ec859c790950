-- What agents (and the system's acknowledgements) write on an e-mail or SMS contact leaves as
-- an e-mail or a text: one row per transcript line to send, written with the line.

CREATE TABLE contact_outbox (
  id              INTEGER PRIMARY KEY,
  interaction_id  INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending',  -- pending | sent | dead
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  sent_at         INTEGER,
  UNIQUE (interaction_id, seq)
);
CREATE INDEX contact_outbox_pending ON contact_outbox (next_attempt_at) WHERE state = 'pending';
