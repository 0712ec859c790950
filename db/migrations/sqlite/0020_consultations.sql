-- The expert line: an agent's question to the experts of a topic. The question is a contact of
-- its own (channel 'consult', interactions.id = interaction_id) routed to the topic's expert
-- queue; its transcript holds the question, the conversation so far and the expert's answer.

CREATE TABLE consultations (
  interaction_id  INTEGER PRIMARY KEY,
  for_interaction INTEGER NOT NULL DEFAULT 0,  -- the resident's contact it is about; 0: none
  asked_by        TEXT    NOT NULL,            -- "user:<name>"
  topic           TEXT    NOT NULL,
  question        TEXT    NOT NULL,
  asked_at        INTEGER NOT NULL,
  article_id      INTEGER,                     -- the draft article made from the answer
  forwarded_at    INTEGER                      -- when the answer was sent to the resident
);
CREATE INDEX consultations_asked_by ON consultations (asked_by, interaction_id);
