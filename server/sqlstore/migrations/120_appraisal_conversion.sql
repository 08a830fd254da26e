-- A DOCX file of a document appraisal is converted to PDF off the request
-- path (issue 13): its state (pending, done, failed, unavailable; empty for
-- other kinds) and the stored name of the PDF judges view.
ALTER TABLE appraisal_files ADD COLUMN conversion TEXT NOT NULL DEFAULT '';
ALTER TABLE appraisal_files ADD COLUMN pdf TEXT NOT NULL DEFAULT '';
