-- Delivery of the outbox (webhooks, agencies over Open311, dead letters) and the agencies'
-- side of a task.

ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
-- How it left: "webhook <url>", "open311 <url>", or why it did not ("held: ...").
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT '';
-- The admin's list of dead letters, and held messages waiting for a channel.
CREATE INDEX outbox_by_state ON outbox (state, id) WHERE state <> 'delivered';

-- The agency's own id for a task (its Open311 service_request_id), once it accepted the dispatch.
ALTER TABLE tasks ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_by_external_id ON tasks (department, external_id) WHERE external_id <> '';

-- Where reading an agency's servicerequestupdates stopped last time.
CREATE TABLE agency_cursors (
  department TEXT PRIMARY KEY,
  polled_to  INTEGER NOT NULL
) WITHOUT ROWID;

-- Status updates from agencies already applied, by the agency's own update id, so that a
-- repeated webhook or an overlapping poll changes nothing.
CREATE TABLE agency_updates (
  department TEXT    NOT NULL,
  update_id  TEXT    NOT NULL,
  case_id    INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  PRIMARY KEY (department, update_id)
) WITHOUT ROWID;
