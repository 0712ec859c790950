-- What the network reported after a message left (an SMS on the phone). Kept apart from the
-- delivery's own record: a report can arrive before the dispatcher has written it.
ALTER TABLE outbox ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
