-- Files attached to cases. The bytes live under <data_dir>/media, named by their SHA-256;
-- photos are stored cleaned (no EXIF) with a thumbnail beside.
CREATE TABLE attachments (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  jurisdiction_id TEXT    NOT NULL,
  kind            TEXT    NOT NULL,  -- photo, document
  name            TEXT    NOT NULL,
  content_type    TEXT    NOT NULL,
  sha256          TEXT    NOT NULL,
  bytes           INTEGER NOT NULL,
  width           INTEGER NOT NULL DEFAULT 0,
  height          INTEGER NOT NULL DEFAULT 0,
  is_public       INTEGER NOT NULL DEFAULT 0,
  uploaded_by     TEXT    NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX attachments_by_case ON attachments (case_id, id);
CREATE INDEX attachments_by_sha256 ON attachments (sha256);
