-- Case handling: priority, emergencies, optimistic concurrency and merging on cases; one task
-- per dispatched unit with its SLA clock; followers; the outbox; full-text search.

ALTER TABLE cases ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE cases ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- Set while the case is merged into another as its duplicate.
ALTER TABLE cases ADD COLUMN master_number TEXT NOT NULL DEFAULT '';

ALTER TABLE case_events ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';

CREATE TABLE tasks (
  case_id          INTEGER NOT NULL REFERENCES cases (id),
  department       TEXT    NOT NULL,
  jurisdiction_id  TEXT    NOT NULL,
  state            TEXT    NOT NULL,
  assignee         TEXT    NOT NULL DEFAULT '',
  lead             INTEGER NOT NULL DEFAULT 0,
  -- The SLA clock, in microseconds of business time and UTC instants.
  sla_target       INTEGER NOT NULL,
  sla_used         INTEGER NOT NULL DEFAULT 0,
  running_since    INTEGER,
  warn_at          INTEGER,
  due_at           INTEGER,
  warned           INTEGER NOT NULL DEFAULT 0,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (case_id, department)
) WITHOUT ROWID;
CREATE INDEX tasks_by_department ON tasks (department, state);
-- The SLA timer looks only at running clocks.
CREATE INDEX tasks_by_warn_at ON tasks (warn_at) WHERE warn_at IS NOT NULL AND warned = 0;
CREATE INDEX tasks_by_due_at ON tasks (due_at) WHERE due_at IS NOT NULL AND escalation_level = 0;

-- Reporters of merged duplicates (and later subscribers) who receive a case's updates.
CREATE TABLE followers (
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  from_case   INTEGER NOT NULL REFERENCES cases (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (case_id, from_case)
) WITHOUT ROWID;

-- Everything that must leave the system, written in the transaction that decided it and
-- delivered afterwards with retries.
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL,
  jurisdiction_id TEXT  NOT NULL,
  topic         TEXT    NOT NULL,
  recipient     TEXT    NOT NULL,
  priority      INTEGER NOT NULL,
  payload_json  TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'pending',  -- pending, delivered, dead
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error    TEXT    NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox (priority, next_attempt_at) WHERE state = 'pending';

-- Free text of cases, folded (lower case, no diacritics) by Ratusz before it is stored, so
-- "ulica Zrodlowa" finds "Źródłowa" (SQLite's own folding keeps 'ł').
-- Contentless: the rowid is the case id and the text is not kept twice.
CREATE VIRTUAL TABLE cases_fts USING fts5(text, content='', tokenize='unicode61');
INSERT INTO cases_fts (rowid, text)
  SELECT id, lower(title || ' ' || description || ' ' || address) FROM cases;
