-- SMS through Kannel: numbers that sent STOP (by the lookup of the E.164 number), and the
-- messages already taken (Kannel's id of each), so a replayed callback changes nothing.

CREATE TABLE sms_optouts (
  lookup TEXT    PRIMARY KEY,
  at     INTEGER NOT NULL
);

CREATE TABLE sms_in (
  id          TEXT    PRIMARY KEY,  -- Kannel's message id (%I)
  at          INTEGER NOT NULL,
  action      TEXT    NOT NULL,     -- case | note | interaction | stop | start | ignored
  case_number TEXT    NOT NULL DEFAULT '',
  interaction INTEGER NOT NULL DEFAULT 0,
  reply       TEXT    NOT NULL DEFAULT ''
);
