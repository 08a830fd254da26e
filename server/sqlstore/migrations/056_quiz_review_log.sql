-- The log of real notebook reviews (a redo of an entry already in the
-- wrong-answer notebook), from which the statistics draw the retention
-- curve per law: recalled or not after elapsed_days, beside the recall
-- FSRS predicted for that review (quiz/fsrs.go, quiz/retention.go).
CREATE TABLE quiz_review_log (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    question_id BIGINT NOT NULL REFERENCES quiz_questions (id),
    law_id BIGINT REFERENCES quiz_laws (id),
    elapsed_days INTEGER NOT NULL,
    interval_days INTEGER NOT NULL,
    predicted DOUBLE PRECISION NOT NULL,
    recalled BOOLEAN NOT NULL,
    reviewed_at {{TIME}} NOT NULL
);
CREATE INDEX quiz_review_log_user ON quiz_review_log (user_id, law_id);
CREATE INDEX quiz_review_log_law ON quiz_review_log (law_id, elapsed_days);
