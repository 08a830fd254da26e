-- Notebook redo scheduling (FSRS-4.5, quiz/fsrs.go): each entry's card.
-- due_at NULL is an entry from before scheduling: due at once.
ALTER TABLE quiz_notebook ADD COLUMN stability DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE quiz_notebook ADD COLUMN difficulty DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE quiz_notebook ADD COLUMN reps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quiz_notebook ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quiz_notebook ADD COLUMN interval_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quiz_notebook ADD COLUMN last_review_at {{TIME}};
ALTER TABLE quiz_notebook ADD COLUMN due_at {{TIME}};
CREATE INDEX quiz_notebook_due ON quiz_notebook (user_id, due_at);
