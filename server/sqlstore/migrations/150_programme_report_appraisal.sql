-- A research report sent to a document appraisal (issue 16): the judged
-- contest and the entry it became (0: not sent; entry 0 while sending).
ALTER TABLE programme_reports ADD COLUMN appraisal_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programme_reports ADD COLUMN appraisal_entry_id BIGINT NOT NULL DEFAULT 0;
