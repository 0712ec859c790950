-- Area and topic notices (S16): subscribers (an address, sealed, found by its lookup), what
-- they subscribed to (each pair with the consent it was given under, pending until the address
-- confirms it), the city's broadcasts, and one message per subscriber and broadcast (or a
-- confirmation request, broadcast_id NULL).

CREATE TABLE subscribers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old messages keep their ids
  kind       TEXT    NOT NULL,  -- email | sms
  address    TEXT    NOT NULL,  -- sealed
  lookup     TEXT    NOT NULL UNIQUE,
  key        TEXT    NOT NULL,  -- sealed; the key of its confirm and unsubscribe links
  language   TEXT    NOT NULL DEFAULT 'pl',
  created_at INTEGER NOT NULL
);

CREATE TABLE subscriptions (
  subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  topic           TEXT    NOT NULL,
  area            TEXT    NOT NULL DEFAULT '',  -- '' the whole city
  text_version    TEXT    NOT NULL,             -- the notifications consent text agreed to
  channel         TEXT    NOT NULL,             -- where it was given
  given_at        INTEGER NOT NULL,
  confirmed_at    INTEGER,
  PRIMARY KEY (subscriber_id, topic, area)
);
CREATE INDEX subscriptions_by_topic ON subscriptions (topic, area) WHERE confirmed_at IS NOT NULL;

CREATE TABLE broadcasts (
  id         INTEGER PRIMARY KEY,
  topic      TEXT    NOT NULL,
  area       TEXT    NOT NULL DEFAULT '',
  polygon    TEXT    NOT NULL DEFAULT '',  -- JSON [[lat, lon], ...] as drawn
  reach      TEXT    NOT NULL,             -- JSON array of area codes; '*' the whole city
  title_pl   TEXT    NOT NULL,
  title_en   TEXT    NOT NULL,
  text_pl    TEXT    NOT NULL,
  text_en    TEXT    NOT NULL,
  send_at    INTEGER NOT NULL,
  created_by TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  state      TEXT    NOT NULL DEFAULT 'scheduled'  -- scheduled | sent | cancelled
);
CREATE INDEX broadcasts_due ON broadcasts (send_at) WHERE state = 'scheduled';

CREATE TABLE notice_outbox (
  id              INTEGER PRIMARY KEY,
  subscriber_id   INTEGER NOT NULL,  -- kept after unsubscribing (counts; no personal data)
  broadcast_id    INTEGER REFERENCES broadcasts (id),  -- NULL: please confirm
  state           TEXT    NOT NULL DEFAULT 'pending',  -- pending | sent | dead
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  sent_at         INTEGER,
  UNIQUE (subscriber_id, broadcast_id)
);
CREATE INDEX notice_outbox_pending ON notice_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notice_outbox_sent ON notice_outbox (subscriber_id, sent_at) WHERE state = 'sent';
CREATE INDEX notice_outbox_by_broadcast ON notice_outbox (broadcast_id, state);
