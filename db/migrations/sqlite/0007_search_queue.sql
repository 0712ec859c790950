-- New cases' folded text waits here and goes into the full-text index in batches: writing
-- cases_fts inside every case's own savepoint made FTS5 write a new segment per case.
CREATE TABLE search_queue (
  case_id INTEGER PRIMARY KEY,
  text    TEXT NOT NULL
);
