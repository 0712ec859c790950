-- Addresses our mail could not reach for good (a 5xx answer, or a permanent bounce), by their
-- lookup: notices to them go by text instead, or wait, until the address writes to us again.

CREATE TABLE undeliverable_addresses (
  lookup TEXT    PRIMARY KEY,
  at     INTEGER NOT NULL,
  reason TEXT    NOT NULL
);
