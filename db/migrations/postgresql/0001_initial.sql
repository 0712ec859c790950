-- The whole schema of SQLite's migrations 0001-0020, in PostgreSQL's types: integers are
-- BIGINT (times in microseconds since the epoch, UTC, as there), reals DOUBLE PRECISION.
-- Every table that SQLite numbers itself has a sequence here, and a NULL id (which SQLite
-- turns into the next rowid) is given the sequence's next value by a trigger, so that the
-- stores write one INSERT for both. Full-text search is PostgreSQL's own (tsvector, GIN) over
-- the same folded words the SQLite side indexes (see store/README.md).

-- SQLite's functions that the stores' SQL uses, where PostgreSQL's differ: the scalar max and
-- min of two values, json_each over a JSON array's values, json_group_array, the sum of
-- comparisons.
CREATE FUNCTION max(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE
  RETURN GREATEST(a, b);
CREATE FUNCTION min(a BIGINT, b BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE
  RETURN LEAST(a, b);
CREATE FUNCTION json_each(list TEXT) RETURNS TABLE (value TEXT) LANGUAGE sql IMMUTABLE
  AS $$ SELECT json_array_elements_text(list::json) $$;
CREATE FUNCTION ratusz_json_array(items TEXT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE
  RETURN array_to_json(items)::text;
CREATE AGGREGATE json_group_array(TEXT) (
  SFUNC = array_append, STYPE = TEXT[], INITCOND = '{}', FINALFUNC = ratusz_json_array);

-- SUM of a comparison counts the rows where it holds (SQLite's comparisons are 0 or 1).
CREATE FUNCTION ratusz_count_true(total BIGINT, holds BOOLEAN) RETURNS BIGINT LANGUAGE sql
  IMMUTABLE RETURN CASE WHEN holds IS NULL THEN total ELSE coalesce(total, 0) + holds::int END;
CREATE AGGREGATE sum(BOOLEAN) (SFUNC = ratusz_count_true, STYPE = BIGINT);

CREATE FUNCTION ratusz_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.id := nextval(TG_ARGV[0]);
  RETURN NEW;
END
$$;

CREATE TABLE cases (
  id                  BIGSERIAL PRIMARY KEY,
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
  lat                 DOUBLE PRECISION,
  lon                 DOUBLE PRECISION,
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
  requested_at        BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  expected_at         BIGINT,
  agency_responsible  TEXT    NOT NULL DEFAULT '',
  service_notice      TEXT    NOT NULL DEFAULT ''
, priority TEXT NOT NULL DEFAULT 'normal', emergency BIGINT NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1, master_number TEXT NOT NULL DEFAULT '', geo_cell BIGINT, reporter_email_lookup TEXT NOT NULL DEFAULT '', reporter_phone_lookup TEXT NOT NULL DEFAULT '');

CREATE INDEX cases_by_jurisdiction_requested ON cases (jurisdiction_id, requested_at);

CREATE TABLE case_events (
  id              BIGSERIAL PRIMARY KEY,
  case_id         BIGINT NOT NULL REFERENCES cases (id),
  jurisdiction_id TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  status          TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  is_public       BIGINT NOT NULL,
  media_json      TEXT    NOT NULL DEFAULT '[]',
  actor           TEXT    NOT NULL,
  external_id     TEXT    NOT NULL DEFAULT '',
  at              BIGINT NOT NULL
, department TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');

CREATE INDEX case_events_by_case ON case_events (case_id, id);

CREATE INDEX case_events_by_jurisdiction_at ON case_events (jurisdiction_id, at);

CREATE UNIQUE INDEX case_events_by_external_id ON case_events (case_id, actor, external_id)
  WHERE external_id <> '';

CREATE TABLE idempotency_keys (
  client_id   BIGINT NOT NULL,
  key         TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  case_id     BIGINT NOT NULL REFERENCES cases (id),
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (client_id, key)
);

CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  username      TEXT    NOT NULL UNIQUE,
  display_name  TEXT    NOT NULL DEFAULT '',
  role          TEXT    NOT NULL,
  jurisdictions TEXT    NOT NULL DEFAULT '',
  departments   TEXT    NOT NULL DEFAULT '',
  password_hash TEXT    NOT NULL,
  disabled      BIGINT NOT NULL DEFAULT 0,
  created_at    BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id         BIGSERIAL PRIMARY KEY,
  name       TEXT    NOT NULL,
  prefix     TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  revoked    BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT    PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id),
  expires_at BIGINT NOT NULL
);

CREATE TABLE tasks (
  case_id          BIGINT NOT NULL REFERENCES cases (id),
  department       TEXT    NOT NULL,
  jurisdiction_id  TEXT    NOT NULL,
  state            TEXT    NOT NULL,
  assignee         TEXT    NOT NULL DEFAULT '',
  lead             BIGINT NOT NULL DEFAULT 0,
  -- The SLA clock, in microseconds of business time and UTC instants.
  sla_target       BIGINT NOT NULL,
  sla_used         BIGINT NOT NULL DEFAULT 0,
  running_since    BIGINT,
  warn_at          BIGINT,
  due_at           BIGINT,
  warned           BIGINT NOT NULL DEFAULT 0,
  escalation_level BIGINT NOT NULL DEFAULT 0,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL, external_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, department)
);

CREATE INDEX tasks_by_department ON tasks (department, state);

CREATE INDEX tasks_by_warn_at ON tasks (warn_at) WHERE warn_at IS NOT NULL AND warned = 0;

CREATE INDEX tasks_by_due_at ON tasks (due_at) WHERE due_at IS NOT NULL AND escalation_level = 0;

CREATE TABLE followers (
  case_id     BIGINT NOT NULL REFERENCES cases (id),
  from_case   BIGINT NOT NULL REFERENCES cases (id),
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (case_id, from_case)
);

CREATE TABLE outbox (
  id            BIGSERIAL PRIMARY KEY,
  case_id       BIGINT NOT NULL,
  jurisdiction_id TEXT  NOT NULL,
  topic         TEXT    NOT NULL,
  recipient     TEXT    NOT NULL,
  priority      BIGINT NOT NULL,
  payload_json  TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'pending',  -- pending, delivered, dead
  attempts      BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error    TEXT    NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL
, delivered_at BIGINT, channel TEXT NOT NULL DEFAULT '', receipt TEXT NOT NULL DEFAULT '');

CREATE INDEX outbox_pending ON outbox (priority, next_attempt_at) WHERE state = 'pending';

CREATE INDEX outbox_by_state ON outbox (state, id) WHERE state <> 'delivered';

CREATE INDEX tasks_by_external_id ON tasks (department, external_id) WHERE external_id <> '';

CREATE TABLE agency_cursors (
  department TEXT PRIMARY KEY,
  polled_to  BIGINT NOT NULL
);

CREATE TABLE agency_updates (
  department TEXT    NOT NULL,
  update_id  TEXT    NOT NULL,
  case_id    BIGINT NOT NULL,
  at         BIGINT NOT NULL,
  PRIMARY KEY (department, update_id)
);

CREATE TABLE attachments (
  id              BIGSERIAL PRIMARY KEY,
  case_id         BIGINT NOT NULL REFERENCES cases (id),
  jurisdiction_id TEXT    NOT NULL,
  kind            TEXT    NOT NULL,  -- photo, document
  name            TEXT    NOT NULL,
  content_type    TEXT    NOT NULL,
  sha256          TEXT    NOT NULL,
  bytes           BIGINT NOT NULL,
  width           BIGINT NOT NULL DEFAULT 0,
  height          BIGINT NOT NULL DEFAULT 0,
  is_public       BIGINT NOT NULL DEFAULT 0,
  uploaded_by     TEXT    NOT NULL,
  created_at      BIGINT NOT NULL
);

CREATE INDEX attachments_by_case ON attachments (case_id, id);

CREATE INDEX attachments_by_sha256 ON attachments (sha256);

CREATE INDEX cases_by_cell ON cases (jurisdiction_id, geo_cell, service_code, requested_at, lat, lon)
  WHERE geo_cell IS NOT NULL;

CREATE TABLE search_queue (
  case_id BIGINT PRIMARY KEY,
  text    TEXT NOT NULL
);

CREATE TABLE interactions (
  id              BIGSERIAL PRIMARY KEY,
  channel         TEXT    NOT NULL,  -- voice, chat, email, sms, web_form, fax, walk_in
  queue           TEXT    NOT NULL,
  address         TEXT    NOT NULL DEFAULT '',  -- caller's number, e-mail, chat session
  language        TEXT    NOT NULL DEFAULT '',
  subject         TEXT    NOT NULL DEFAULT '',
  external_id     TEXT,             -- the telephone system's call id
  state           TEXT    NOT NULL,  -- waiting, offered, connected, ended, abandoned, refused
  agent           TEXT    NOT NULL DEFAULT '',
  offered_at      BIGINT NOT NULL,
  answered_at     BIGINT,
  ended_at        BIGINT,
  abandoned_at    BIGINT,
  wrap_up         TEXT    NOT NULL DEFAULT '',
  notes           TEXT    NOT NULL DEFAULT '',
  recording       TEXT    NOT NULL DEFAULT '',
  chat_token_hash TEXT    NOT NULL DEFAULT '',
  last_seq        BIGINT NOT NULL DEFAULT 0
, address_lookup TEXT NOT NULL DEFAULT '');

CREATE UNIQUE INDEX interactions_by_call ON interactions (external_id) WHERE external_id IS NOT NULL;

CREATE INDEX interactions_by_time ON interactions (offered_at);

CREATE INDEX interactions_open ON interactions (state) WHERE state IN ('waiting', 'offered', 'connected');

CREATE TABLE interaction_cases (
  interaction_id BIGINT NOT NULL REFERENCES interactions (id),
  case_number    TEXT    NOT NULL,
  PRIMARY KEY (interaction_id, case_number)
);

CREATE INDEX interaction_cases_by_case ON interaction_cases (case_number);

CREATE TABLE chat_lines (
  interaction_id BIGINT NOT NULL REFERENCES interactions (id),
  seq            BIGINT NOT NULL,
  sender         TEXT    NOT NULL,  -- resident, agent:<username>, system
  body           TEXT    NOT NULL,
  at             BIGINT NOT NULL,
  PRIMARY KEY (interaction_id, seq)
);

CREATE TABLE contact_agents (
  username   TEXT PRIMARY KEY,
  skills     TEXT NOT NULL,  -- {"first-line": 7, ...}
  languages  TEXT NOT NULL,  -- ["pl", "en"]
  capacity   TEXT NOT NULL,  -- {"voice": 1, "chat": 3, ...}
  updated_at BIGINT NOT NULL
);

CREATE TABLE agent_states (
  id     BIGSERIAL PRIMARY KEY,
  agent  TEXT    NOT NULL,
  state  TEXT    NOT NULL,
  reason TEXT    NOT NULL DEFAULT '',
  at     BIGINT NOT NULL
);

CREATE INDEX agent_states_by_agent ON agent_states (agent, at);

CREATE TABLE queue_intervals (
  queue            TEXT    NOT NULL,
  start            BIGINT NOT NULL,
  offered          BIGINT NOT NULL,
  answered         BIGINT NOT NULL,
  abandoned        BIGINT NOT NULL,
  service_level    DOUBLE PRECISION    NOT NULL,
  speed_of_answer  DOUBLE PRECISION    NOT NULL,  -- average seconds
  handle_time      DOUBLE PRECISION    NOT NULL,  -- average seconds
  PRIMARY KEY (queue, start)
);

CREATE TABLE residents (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT    NOT NULL DEFAULT '',  -- sealed
  language    TEXT    NOT NULL DEFAULT 'pl',
  channel     TEXT    NOT NULL DEFAULT 'email',  -- preferred for notifications: email | sms | none
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  erased_at   BIGINT,
  version     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE resident_contacts (
  rowid       BIGSERIAL UNIQUE,  -- the order they were given in (SQLite's rowid)
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  kind        TEXT    NOT NULL,  -- phone (E.164) | email (lower case)
  value       TEXT    NOT NULL,  -- sealed
  lookup      TEXT    NOT NULL,
  PRIMARY KEY (kind, lookup)
);

CREATE INDEX resident_contacts_by_resident ON resident_contacts (resident_id);

CREATE TABLE consents (
  id                BIGSERIAL PRIMARY KEY,
  resident_id       BIGINT NOT NULL REFERENCES residents (id),
  purpose           TEXT    NOT NULL,  -- recognition | notifications | surveys
  text_version      TEXT    NOT NULL,
  given_at          BIGINT NOT NULL,
  channel           TEXT    NOT NULL,
  recorded_by       TEXT    NOT NULL DEFAULT '',
  withdrawn_at      BIGINT,
  withdrawn_channel TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX consents_by_resident ON consents (resident_id);

CREATE TABLE personal_data_access (
  id      BIGSERIAL PRIMARY KEY,
  at      BIGINT NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,  -- read | recognise | export | erase | create | update | consent
  subject TEXT    NOT NULL,  -- "resident:12", "case:K7M2-QX4P"
  reason  TEXT    NOT NULL
);

CREATE INDEX personal_data_access_by_subject ON personal_data_access (subject, at);

CREATE INDEX personal_data_access_by_actor ON personal_data_access (actor, at);

CREATE TABLE privacy_canary (
  id     BIGINT PRIMARY KEY CHECK (id = 1),
  sealed TEXT NOT NULL,
  lookup TEXT NOT NULL
);

CREATE INDEX cases_by_reporter_email ON cases (reporter_email_lookup)
  WHERE reporter_email_lookup != '';

CREATE INDEX cases_by_reporter_phone ON cases (reporter_phone_lookup)
  WHERE reporter_phone_lookup != '';

CREATE INDEX interactions_by_address_lookup ON interactions (address_lookup, offered_at);

CREATE TABLE sms_optouts (
  lookup TEXT    PRIMARY KEY,
  at     BIGINT NOT NULL
);

CREATE TABLE sms_in (
  id          TEXT    PRIMARY KEY,  -- Kannel's message id (%I)
  at          BIGINT NOT NULL,
  action      TEXT    NOT NULL,     -- case | note | interaction | stop | start | ignored
  case_number TEXT    NOT NULL DEFAULT '',
  interaction BIGINT NOT NULL DEFAULT 0,
  reply       TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE surveys (
  case_id      BIGINT PRIMARY KEY REFERENCES cases (id),
  score        BIGINT CHECK (score BETWEEN 1 AND 5),  -- NULL: only "not fixed" was said
  fixed        BIGINT NOT NULL DEFAULT 1,
  comment      TEXT    NOT NULL DEFAULT '',
  answered_by  TEXT    NOT NULL,  -- web | sms
  answered_at  BIGINT NOT NULL,
  service_code TEXT    NOT NULL,
  department   TEXT    NOT NULL,  -- the lead unit
  case_channel TEXT    NOT NULL   -- how the report came in
);

CREATE INDEX surveys_by_time ON surveys (answered_at);

CREATE TABLE contact_outbox (
  id              BIGSERIAL PRIMARY KEY,
  interaction_id  BIGINT NOT NULL,
  seq             BIGINT NOT NULL,
  state           TEXT    NOT NULL DEFAULT 'pending',  -- pending | sent | dead
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  sent_at         BIGINT, receipt TEXT NOT NULL DEFAULT '',
  UNIQUE (interaction_id, seq)
);

CREATE INDEX contact_outbox_pending ON contact_outbox (next_attempt_at) WHERE state = 'pending';

CREATE TABLE subscribers (
  id         BIGSERIAL PRIMARY KEY,  -- never reused: old messages keep their ids
  kind       TEXT    NOT NULL,  -- email | sms
  address    TEXT    NOT NULL,  -- sealed
  lookup     TEXT    NOT NULL UNIQUE,
  key        TEXT    NOT NULL,  -- sealed; the key of its confirm and unsubscribe links
  language   TEXT    NOT NULL DEFAULT 'pl',
  created_at BIGINT NOT NULL
);

CREATE TABLE subscriptions (
  subscriber_id   BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  topic           TEXT    NOT NULL,
  area            TEXT    NOT NULL DEFAULT '',  -- '' the whole city
  text_version    TEXT    NOT NULL,             -- the notifications consent text agreed to
  channel         TEXT    NOT NULL,             -- where it was given
  given_at        BIGINT NOT NULL,
  confirmed_at    BIGINT,
  PRIMARY KEY (subscriber_id, topic, area)
);

CREATE INDEX subscriptions_by_topic ON subscriptions (topic, area) WHERE confirmed_at IS NOT NULL;

CREATE TABLE broadcasts (
  id         BIGSERIAL PRIMARY KEY,
  topic      TEXT    NOT NULL,
  area       TEXT    NOT NULL DEFAULT '',
  polygon    TEXT    NOT NULL DEFAULT '',  -- JSON [[lat, lon], ...] as drawn
  reach      TEXT    NOT NULL,             -- JSON array of area codes; '*' the whole city
  title_pl   TEXT    NOT NULL,
  title_en   TEXT    NOT NULL,
  text_pl    TEXT    NOT NULL,
  text_en    TEXT    NOT NULL,
  send_at    BIGINT NOT NULL,
  created_by TEXT    NOT NULL,
  created_at BIGINT NOT NULL,
  state      TEXT    NOT NULL DEFAULT 'scheduled'  -- scheduled | sent | cancelled
);

CREATE INDEX broadcasts_due ON broadcasts (send_at) WHERE state = 'scheduled';

CREATE TABLE notice_outbox (
  id              BIGSERIAL PRIMARY KEY,
  subscriber_id   BIGINT NOT NULL,  -- kept after unsubscribing (counts; no personal data)
  broadcast_id    BIGINT REFERENCES broadcasts (id),  -- NULL: please confirm
  state           TEXT    NOT NULL DEFAULT 'pending',  -- pending | sent | dead
  attempts        BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  sent_at         BIGINT, outbox_id BIGINT,
  UNIQUE (subscriber_id, broadcast_id)
);

CREATE INDEX notice_outbox_pending ON notice_outbox (next_attempt_at) WHERE state = 'pending';

CREATE INDEX notice_outbox_sent ON notice_outbox (subscriber_id, sent_at) WHERE state = 'sent';

CREATE INDEX notice_outbox_by_broadcast ON notice_outbox (broadcast_id, state);

CREATE TABLE undeliverable_addresses (
  lookup TEXT    PRIMARY KEY,
  at     BIGINT NOT NULL,
  reason TEXT    NOT NULL
);

CREATE UNIQUE INDEX notice_outbox_case_notice ON notice_outbox (subscriber_id, outbox_id)
  WHERE outbox_id IS NOT NULL;

CREATE TABLE interaction_files (
  interaction_id BIGINT NOT NULL,
  sha256         TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  kind           TEXT    NOT NULL,  -- photo | document
  content_type   TEXT    NOT NULL,
  bytes          BIGINT NOT NULL,
  created_at     BIGINT NOT NULL,
  PRIMARY KEY (interaction_id, sha256)
);

CREATE TABLE kb_articles (
  id                BIGSERIAL PRIMARY KEY,
  latest_version    BIGINT NOT NULL,
  published_version BIGINT,             -- NULL until a version is published
  -- Of the published version (of the latest while none is), for listing and search filters.
  owner_unit        TEXT    NOT NULL,
  audience          TEXT    NOT NULL,    -- internal | public
  valid_from        BIGINT,             -- microseconds since the epoch (UTC)
  valid_until       BIGINT,
  helpful           BIGINT NOT NULL DEFAULT 0,
  unhelpful         BIGINT NOT NULL DEFAULT 0,
  closes            BIGINT NOT NULL DEFAULT 0,  -- information requests it answered
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);

CREATE INDEX kb_articles_owner ON kb_articles (owner_unit, id);

CREATE TABLE kb_versions (
  article_id  BIGINT NOT NULL REFERENCES kb_articles (id),
  version     BIGINT NOT NULL,
  state       TEXT    NOT NULL,  -- draft | published | superseded | rejected
  author      TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  created_at  BIGINT NOT NULL,
  reviewed_by TEXT    NOT NULL DEFAULT '',
  reviewed_at BIGINT,
  review_note TEXT    NOT NULL DEFAULT '',
  title_pl    TEXT    NOT NULL,
  title_en    TEXT    NOT NULL,
  body_pl     TEXT    NOT NULL,  -- Markdown
  body_en     TEXT    NOT NULL,
  keywords    TEXT    NOT NULL,  -- JSON arrays of strings
  services    TEXT    NOT NULL,
  units       TEXT    NOT NULL,
  audience    TEXT    NOT NULL,
  owner_unit  TEXT    NOT NULL,
  valid_from  BIGINT,
  valid_until BIGINT,
  PRIMARY KEY (article_id, version)
);

CREATE TABLE information_requests (
  interaction_id BIGINT PRIMARY KEY,
  question       TEXT    NOT NULL,
  question_key   TEXT    NOT NULL,  -- folded words: equal questions group together
  topic          TEXT    NOT NULL,
  outcome        TEXT    NOT NULL,  -- answered | escalated
  articles       TEXT    NOT NULL,  -- JSON array of article ids
  agent          TEXT    NOT NULL,
  at             BIGINT NOT NULL
);

CREATE INDEX information_requests_at ON information_requests (at);

CREATE TABLE consultations (
  interaction_id  BIGINT PRIMARY KEY,
  for_interaction BIGINT NOT NULL DEFAULT 0,  -- the resident's contact it is about; 0: none
  asked_by        TEXT    NOT NULL,            -- "user:<name>"
  topic           TEXT    NOT NULL,
  question        TEXT    NOT NULL,
  asked_at        BIGINT NOT NULL,
  article_id      BIGINT,                     -- the draft article made from the answer
  forwarded_at    BIGINT                      -- when the answer was sent to the resident
);

CREATE INDEX consultations_asked_by ON consultations (asked_by, interaction_id);

-- Full-text search. The documents are the folded words (letters and digits, lower case,
-- without diacritics) that the stores build for both backends, split by the 'simple'
-- configuration (no stemming beyond what the words already have), so that the same query
-- finds the same cases and articles on either side.
CREATE TABLE cases_fts (
  case_id  BIGINT PRIMARY KEY,
  document tsvector NOT NULL
);
CREATE INDEX cases_fts_document ON cases_fts USING gin (document);

CREATE TABLE kb_fts (
  article_id BIGINT PRIMARY KEY,
  title      TEXT NOT NULL,
  keywords   TEXT NOT NULL,
  body       TEXT NOT NULL,
  -- Title words weigh most (A), then keywords (B), then the body (D).
  document   tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') ||
    setweight(to_tsvector('simple', keywords), 'B') ||
    setweight(to_tsvector('simple', body), 'D')) STORED
);
CREATE INDEX kb_fts_document ON kb_fts USING gin (document);

-- The words of the knowledge base with the number of articles holding them (SQLite's
-- fts5vocab table of the same name): spelling suggestions read it.
CREATE VIEW kb_terms AS
  SELECT word AS term, ndoc AS doc, nentry AS cnt FROM ts_stat('SELECT document FROM kb_fts');

CREATE TRIGGER cases_id BEFORE INSERT ON cases FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('cases_id_seq');
CREATE TRIGGER case_events_id BEFORE INSERT ON case_events FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('case_events_id_seq');
CREATE TRIGGER users_id BEFORE INSERT ON users FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('users_id_seq');
CREATE TRIGGER api_keys_id BEFORE INSERT ON api_keys FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('api_keys_id_seq');
CREATE TRIGGER outbox_id BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('outbox_id_seq');
CREATE TRIGGER attachments_id BEFORE INSERT ON attachments FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('attachments_id_seq');
CREATE TRIGGER interactions_id BEFORE INSERT ON interactions FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('interactions_id_seq');
CREATE TRIGGER agent_states_id BEFORE INSERT ON agent_states FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('agent_states_id_seq');
CREATE TRIGGER residents_id BEFORE INSERT ON residents FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('residents_id_seq');
CREATE TRIGGER consents_id BEFORE INSERT ON consents FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('consents_id_seq');
CREATE TRIGGER personal_data_access_id BEFORE INSERT ON personal_data_access FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('personal_data_access_id_seq');
CREATE TRIGGER contact_outbox_id BEFORE INSERT ON contact_outbox FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('contact_outbox_id_seq');
CREATE TRIGGER subscribers_id BEFORE INSERT ON subscribers FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('subscribers_id_seq');
CREATE TRIGGER broadcasts_id BEFORE INSERT ON broadcasts FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('broadcasts_id_seq');
CREATE TRIGGER notice_outbox_id BEFORE INSERT ON notice_outbox FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('notice_outbox_id_seq');
CREATE TRIGGER kb_articles_id BEFORE INSERT ON kb_articles FOR EACH ROW WHEN (NEW.id IS NULL)
  EXECUTE FUNCTION ratusz_fill_id('kb_articles_id_seq');
