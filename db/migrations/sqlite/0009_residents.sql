-- Residents, consent and personal data (S12, S26). Personal fields are sealed by the server
-- (security::Sealer: "s1.<key>.<base64>"); equal values are found by a keyed blind index
-- ("lookup") of the normalised value, never by the value itself.

CREATE TABLE residents (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL DEFAULT '',  -- sealed
  language    TEXT    NOT NULL DEFAULT 'pl',
  channel     TEXT    NOT NULL DEFAULT 'email',  -- preferred for notifications: email | sms | none
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  erased_at   INTEGER,
  version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE resident_contacts (
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  kind        TEXT    NOT NULL,  -- phone (E.164) | email (lower case)
  value       TEXT    NOT NULL,  -- sealed
  lookup      TEXT    NOT NULL,
  PRIMARY KEY (kind, lookup)
);
CREATE INDEX resident_contacts_by_resident ON resident_contacts (resident_id);

-- Every consent ever given; a withdrawal fills withdrawn_at. Kept after erasure (it holds no
-- personal data and proves what was agreed to).
CREATE TABLE consents (
  id                INTEGER PRIMARY KEY,
  resident_id       INTEGER NOT NULL REFERENCES residents (id),
  purpose           TEXT    NOT NULL,  -- recognition | notifications | surveys
  text_version      TEXT    NOT NULL,
  given_at          INTEGER NOT NULL,
  channel           TEXT    NOT NULL,
  recorded_by       TEXT    NOT NULL DEFAULT '',
  withdrawn_at      INTEGER,
  withdrawn_channel TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX consents_by_resident ON consents (resident_id);

-- Every staff access to personal data: who, when, what, why.
CREATE TABLE personal_data_access (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,  -- read | recognise | export | erase | create | update | consent
  subject TEXT    NOT NULL,  -- "resident:12", "case:K7M2-QX4P"
  reason  TEXT    NOT NULL
);
CREATE INDEX personal_data_access_by_subject ON personal_data_access (subject, at);
CREATE INDEX personal_data_access_by_actor ON personal_data_access (actor, at);

-- Proves at start that the configured keys are the ones this database was sealed with.
CREATE TABLE privacy_canary (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  sealed TEXT NOT NULL,
  lookup TEXT NOT NULL
);

ALTER TABLE cases ADD COLUMN reporter_email_lookup TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reporter_phone_lookup TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_reporter_email ON cases (reporter_email_lookup)
  WHERE reporter_email_lookup != '';
CREATE INDEX cases_by_reporter_phone ON cases (reporter_phone_lookup)
  WHERE reporter_phone_lookup != '';

-- The caller's address is sealed from now on; contacts are matched by its lookup.
DROP INDEX interactions_by_address;
ALTER TABLE interactions ADD COLUMN address_lookup TEXT NOT NULL DEFAULT '';
CREATE INDEX interactions_by_address_lookup ON interactions (address_lookup, offered_at);
