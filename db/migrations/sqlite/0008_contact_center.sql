-- The contact center: every contact on every channel (interactions), chat transcripts, agents'
-- routing profiles and state changes, and the queues' 15-minute statistics.
CREATE TABLE interactions (
  id              INTEGER PRIMARY KEY,
  channel         TEXT    NOT NULL,  -- voice, chat, email, sms, web_form, fax, walk_in
  queue           TEXT    NOT NULL,
  address         TEXT    NOT NULL DEFAULT '',  -- caller's number, e-mail, chat session
  language        TEXT    NOT NULL DEFAULT '',
  subject         TEXT    NOT NULL DEFAULT '',
  external_id     TEXT,             -- the telephone system's call id
  state           TEXT    NOT NULL,  -- waiting, offered, connected, ended, abandoned, refused
  agent           TEXT    NOT NULL DEFAULT '',
  offered_at      INTEGER NOT NULL,
  answered_at     INTEGER,
  ended_at        INTEGER,
  abandoned_at    INTEGER,
  wrap_up         TEXT    NOT NULL DEFAULT '',
  notes           TEXT    NOT NULL DEFAULT '',
  recording       TEXT    NOT NULL DEFAULT '',
  chat_token_hash TEXT    NOT NULL DEFAULT '',
  last_seq        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX interactions_by_call ON interactions (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX interactions_by_address ON interactions (address, offered_at);
CREATE INDEX interactions_by_time ON interactions (offered_at);
CREATE INDEX interactions_open ON interactions (state) WHERE state IN ('waiting', 'offered', 'connected');

-- Cases registered or followed during an interaction.
CREATE TABLE interaction_cases (
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  case_number    TEXT    NOT NULL,
  PRIMARY KEY (interaction_id, case_number)
) WITHOUT ROWID;
CREATE INDEX interaction_cases_by_case ON interaction_cases (case_number);

-- Chat transcripts: each line numbered within its interaction (resent after a reconnect).
CREATE TABLE chat_lines (
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  seq            INTEGER NOT NULL,
  sender         TEXT    NOT NULL,  -- resident, agent:<username>, system
  body           TEXT    NOT NULL,
  at             INTEGER NOT NULL,
  PRIMARY KEY (interaction_id, seq)
) WITHOUT ROWID;

-- Agents' routing profiles: skills with proficiency, languages, capacity per channel (JSON).
CREATE TABLE contact_agents (
  username   TEXT PRIMARY KEY,
  skills     TEXT NOT NULL,  -- {"first-line": 7, ...}
  languages  TEXT NOT NULL,  -- ["pl", "en"]
  capacity   TEXT NOT NULL,  -- {"voice": 1, "chat": 3, ...}
  updated_at INTEGER NOT NULL
);

-- Every change of an agent's state, for reports (time in state, breaks by reason).
CREATE TABLE agent_states (
  id     INTEGER PRIMARY KEY,
  agent  TEXT    NOT NULL,
  state  TEXT    NOT NULL,
  reason TEXT    NOT NULL DEFAULT '',
  at     INTEGER NOT NULL
);
CREATE INDEX agent_states_by_agent ON agent_states (agent, at);

-- A queue's 15-minute intervals (by arrival), rewritten while the interval is current.
CREATE TABLE queue_intervals (
  queue            TEXT    NOT NULL,
  start            INTEGER NOT NULL,
  offered          INTEGER NOT NULL,
  answered         INTEGER NOT NULL,
  abandoned        INTEGER NOT NULL,
  service_level    REAL    NOT NULL,
  speed_of_answer  REAL    NOT NULL,  -- average seconds
  handle_time      REAL    NOT NULL,  -- average seconds
  PRIMARY KEY (queue, start)
) WITHOUT ROWID;
