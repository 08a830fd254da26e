-- The grader's scores of a case-analysis item's short sub-questions (issue
-- 15), as a JSON array in the order of the short parts; NULL until graded
-- and for every other item. Statistics read them for each sub-question's
-- facility (the choice parts are re-marked from the response).
ALTER TABLE quiz_attempt_items ADD COLUMN part_scores TEXT;
