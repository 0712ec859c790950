-- Delivery reports for what agents text to residents: the network's receipt of a line, kept
-- apart from the sender's own record (a report can overtake it).

ALTER TABLE contact_outbox ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
