-- Residents follow a case they did not report ("get updates"): a subscription to the topic
-- "case:<number>", confirmed like any other; each notice about the case to its reporter is
-- copied to them as a notice_outbox row naming the outbox message.

ALTER TABLE notice_outbox ADD COLUMN outbox_id INTEGER;
CREATE UNIQUE INDEX notice_outbox_case_notice ON notice_outbox (subscriber_id, outbox_id)
  WHERE outbox_id IS NOT NULL;
