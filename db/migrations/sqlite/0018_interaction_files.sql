-- Files that came with an e-mail or a fax contact (a photo of the pothole, the faxed page),
-- stored like case attachments (data/media/<sha256>), until an agent attaches them to a case.

CREATE TABLE interaction_files (
  interaction_id INTEGER NOT NULL,
  sha256         TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  kind           TEXT    NOT NULL,  -- photo | document
  content_type   TEXT    NOT NULL,
  bytes          INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (interaction_id, sha256)
);
