-- Cases, their history, idempotency keys, staff accounts, API keys and sessions.
-- Times are INTEGER microseconds since the Unix epoch, UTC. Every case row carries its
-- jurisdiction so one deployment can serve several cities.

CREATE TABLE cases (
  id                  INTEGER PRIMARY KEY,
  -- Derived from id (cases::CaseNumberFor) and looked up through it, so neither needs an index:
  -- random keys in a unique index would cost page writes on every insert.
  number              TEXT    NOT NULL,
  token               TEXT    NOT NULL,
  jurisdiction_id     TEXT    NOT NULL,
  service_code        TEXT    NOT NULL,
  status              TEXT    NOT NULL,
  status_notes        TEXT    NOT NULL DEFAULT '',
  title               TEXT    NOT NULL DEFAULT '',
  description         TEXT    NOT NULL DEFAULT '',
  lat                 REAL,
  lon                 REAL,
  address             TEXT    NOT NULL DEFAULT '',
  address_id          TEXT    NOT NULL DEFAULT '',
  zipcode             TEXT    NOT NULL DEFAULT '',
  attributes_json     TEXT    NOT NULL DEFAULT '[]',
  media_json          TEXT    NOT NULL DEFAULT '[]',
  reporter_first_name TEXT    NOT NULL DEFAULT '',
  reporter_last_name  TEXT    NOT NULL DEFAULT '',
  reporter_email      TEXT    NOT NULL DEFAULT '',
  reporter_phone      TEXT    NOT NULL DEFAULT '',
  reporter_device_id  TEXT    NOT NULL DEFAULT '',
  reporter_account_id TEXT    NOT NULL DEFAULT '',
  channel             TEXT    NOT NULL,
  client_name         TEXT    NOT NULL DEFAULT '',
  requested_at        INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  expected_at         INTEGER,
  agency_responsible  TEXT    NOT NULL DEFAULT '',
  service_notice      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX cases_by_jurisdiction_requested ON cases (jurisdiction_id, requested_at);

CREATE TABLE case_events (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  jurisdiction_id TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  is_public       INTEGER NOT NULL,
  media_json      TEXT    NOT NULL DEFAULT '[]',
  actor           TEXT    NOT NULL,
  external_id     TEXT    NOT NULL DEFAULT '',
  at              INTEGER NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);
CREATE INDEX case_events_by_jurisdiction_at ON case_events (jurisdiction_id, at);
CREATE UNIQUE INDEX case_events_by_external_id ON case_events (case_id, actor, external_id)
  WHERE external_id <> '';

CREATE TABLE idempotency_keys (
  client_id   INTEGER NOT NULL,
  key         TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (client_id, key)
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL DEFAULT '',
  role          TEXT    NOT NULL,
  jurisdictions TEXT    NOT NULL DEFAULT '',
  departments   TEXT    NOT NULL DEFAULT '',
  password_hash TEXT    NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  prefix     TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  revoked    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL
);
