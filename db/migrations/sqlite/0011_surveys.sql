-- Satisfaction after closure (S17): one answer per case, with what analytics groups by.

CREATE TABLE surveys (
  case_id      INTEGER PRIMARY KEY REFERENCES cases (id),
  score        INTEGER CHECK (score BETWEEN 1 AND 5),  -- NULL: only "not fixed" was said
  fixed        INTEGER NOT NULL DEFAULT 1,
  comment      TEXT    NOT NULL DEFAULT '',
  answered_by  TEXT    NOT NULL,  -- web | sms
  answered_at  INTEGER NOT NULL,
  service_code TEXT    NOT NULL,
  department   TEXT    NOT NULL,  -- the lead unit
  case_channel TEXT    NOT NULL   -- how the report came in
);
CREATE INDEX surveys_by_time ON surveys (answered_at);
