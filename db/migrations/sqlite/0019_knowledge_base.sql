-- The knowledge base: articles with versions (drafts, published, superseded, rejected), the
-- full-text index of each article's published version, votes and information requests.

CREATE TABLE kb_articles (
  id                INTEGER PRIMARY KEY,
  latest_version    INTEGER NOT NULL,
  published_version INTEGER,             -- NULL until a version is published
  -- Of the published version (of the latest while none is), for listing and search filters.
  owner_unit        TEXT    NOT NULL,
  audience          TEXT    NOT NULL,    -- internal | public
  valid_from        INTEGER,             -- microseconds since the epoch (UTC)
  valid_until       INTEGER,
  helpful           INTEGER NOT NULL DEFAULT 0,
  unhelpful         INTEGER NOT NULL DEFAULT 0,
  closes            INTEGER NOT NULL DEFAULT 0,  -- information requests it answered
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX kb_articles_owner ON kb_articles (owner_unit, id);

CREATE TABLE kb_versions (
  article_id  INTEGER NOT NULL REFERENCES kb_articles (id),
  version     INTEGER NOT NULL,
  state       TEXT    NOT NULL,  -- draft | published | superseded | rejected
  author      TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  reviewed_by TEXT    NOT NULL DEFAULT '',
  reviewed_at INTEGER,
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
  valid_from  INTEGER,
  valid_until INTEGER,
  PRIMARY KEY (article_id, version)
) WITHOUT ROWID;

-- One row per published article (rowid = article id): folded, stemmed terms of both languages
-- (app::IndexRowOf). Ranked with bm25 weighting the title and keywords above the body.
CREATE VIRTUAL TABLE kb_fts USING fts5(title, keywords, body, tokenize = 'unicode61');
CREATE VIRTUAL TABLE kb_terms USING fts5vocab(kb_fts, 'row');

-- A contact that was a question, closed with the articles used or escalated.
CREATE TABLE information_requests (
  interaction_id INTEGER PRIMARY KEY,
  question       TEXT    NOT NULL,
  question_key   TEXT    NOT NULL,  -- folded words: equal questions group together
  topic          TEXT    NOT NULL,
  outcome        TEXT    NOT NULL,  -- answered | escalated
  articles       TEXT    NOT NULL,  -- JSON array of article ids
  agent          TEXT    NOT NULL,
  at             INTEGER NOT NULL
);
CREATE INDEX information_requests_at ON information_requests (at);
