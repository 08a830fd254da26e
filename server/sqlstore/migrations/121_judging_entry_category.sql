-- An entry's category: a document appraisal's case type (案件类型, issue 13).
-- It is not an identity field, so judges see it before the reveal.
ALTER TABLE judging_entries ADD COLUMN category TEXT NOT NULL DEFAULT '';
