package sqlstore

import (
	"context"
	"database/sql"

	"github.com/weishi-dev/weishi/quiz"
)

// ---- the review log (retention curves)

// logReview writes the review of an existing notebook entry whose card
// before the review was old; a card never reviewed writes nothing. The law
// is the question's, as cited now.
func logReview(ctx context.Context, tx *sql.Tx, userID int64, r quiz.Result, old quiz.Card) error {
	rv, ok := quiz.NewReview(userID, r.QuestionID, 0, old, r.Correct, r.At)
	if !ok {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO quiz_review_log (user_id, question_id, law_id, elapsed_days, interval_days, predicted, recalled, reviewed_at)
		SELECT $1, q.id, q.law_id, $2, $3, $4, $5, $6 FROM quiz_questions q WHERE q.id = $7`,
		userID, rv.Elapsed, rv.Interval, rv.Predicted, rv.Recalled, rv.At, r.QuestionID)
	return err
}

func (s *Quiz) ReviewCounts(ctx context.Context, userID int64) ([]quiz.ReviewCount, error) {
	q := `SELECT COALESCE(r.law_id, 0), COALESCE(l.name, ''), r.elapsed_days, COUNT(*),
		SUM(CASE WHEN r.recalled THEN 1 ELSE 0 END), SUM(r.predicted)
		FROM quiz_review_log r LEFT JOIN quiz_laws l ON l.id = r.law_id`
	args := []any{}
	if userID != 0 {
		q += " WHERE r.user_id = $1"
		args = append(args, userID)
	}
	q += " GROUP BY COALESCE(r.law_id, 0), COALESCE(l.name, ''), r.elapsed_days ORDER BY 1, 3"
	rows, err := s.db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []quiz.ReviewCount{}
	for rows.Next() {
		var c quiz.ReviewCount
		if err := rows.Scan(&c.LawID, &c.LawName, &c.Elapsed, &c.Reviews, &c.Recalled, &c.Predicted); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
