package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- notebook

func (s *Quiz) RecordResult(ctx context.Context, r quiz.Result, sched quiz.Scheduling) error {
	return s.RecordResults(ctx, []quiz.Result{r}, sched)
}

func (s *Quiz) RecordResults(ctx context.Context, rs []quiz.Result, sched quiz.Scheduling) error {
	if len(rs) == 0 {
		return nil
	}
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		byUser := map[int64][]quiz.Result{}
		var users []int64
		for _, r := range rs {
			if _, ok := byUser[r.UserID]; !ok {
				users = append(users, r.UserID)
			}
			byUser[r.UserID] = append(byUser[r.UserID], r)
		}
		for _, u := range users {
			if err := recordResults(ctx, tx, u, byUser[u], sched); err != nil {
				return err
			}
		}
		return nil
	})
}

// recordResults applies one person's results: one read of their existing
// entries, then a write only where something changes.
func recordResults(ctx context.Context, tx *sql.Tx, userID int64, rs []quiz.Result, sched quiz.Scheduling) error {
	args := []any{userID}
	marks := make([]string, len(rs))
	for i, r := range rs {
		args = append(args, r.QuestionID)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := tx.QueryContext(ctx, "SELECT question_id, "+cardColumns+" FROM quiz_notebook n WHERE user_id = $1 AND question_id IN ("+strings.Join(marks, ",")+")", args...)
	if err != nil {
		return err
	}
	cards := map[int64]quiz.Card{}
	for rows.Next() {
		var q int64
		c, err := scanCard(rows, &q)
		if err != nil {
			rows.Close()
			return err
		}
		cards[q] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range rs {
		old, exists := cards[r.QuestionID]
		if r.Correct && !exists {
			continue // a right answer to a question not in the notebook
		}
		c := sched.Schedule(old, quiz.RatingOf(r.Correct), r.At)
		if exists {
			if err := logReview(ctx, tx, userID, r, old); err != nil {
				return err
			}
		}
		var err error
		switch {
		case !r.Correct && !exists:
			_, err = tx.ExecContext(ctx, `INSERT INTO quiz_notebook (user_id, question_id, wrong_count, streak, mastered, last_source, last_response, last_wrong_at, updated_at,
				stability, difficulty, reps, lapses, interval_days, last_review_at, due_at)
				VALUES ($1, $2, 1, 0, $3, $4, $5, $6, $6, $7, $8, $9, $10, $11, $12, $13)`, userID, r.QuestionID, false, string(r.Source), mustJSON(r.Response), r.At,
				c.Stability, c.Difficulty, c.Reps, c.Lapses, c.Interval, *c.LastReview, *c.Due)
		case !r.Correct:
			_, err = tx.ExecContext(ctx, `UPDATE quiz_notebook SET wrong_count = wrong_count + 1, streak = 0, mastered = $1, last_source = $2, last_response = $3,
				last_wrong_at = $4, updated_at = $4, stability = $5, difficulty = $6, reps = $7, lapses = $8, interval_days = $9, last_review_at = $10, due_at = $11
				WHERE user_id = $12 AND question_id = $13`, false, string(r.Source), mustJSON(r.Response), r.At,
				c.Stability, c.Difficulty, c.Reps, c.Lapses, c.Interval, *c.LastReview, *c.Due, userID, r.QuestionID)
		default:
			_, err = tx.ExecContext(ctx, `UPDATE quiz_notebook SET streak = streak + 1, mastered = (mastered OR $1), updated_at = $2,
				stability = $3, difficulty = $4, reps = $5, lapses = $6, interval_days = $7, last_review_at = $8, due_at = $9 WHERE user_id = $10 AND question_id = $11`,
				sched.Mastered(c), r.At, c.Stability, c.Difficulty, c.Reps, c.Lapses, c.Interval, *c.LastReview, *c.Due, userID, r.QuestionID)
		}
		cards[r.QuestionID] = c
		if isForeignKey(err) {
			return fault.InvalidField("questionId", "is not a known question")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const cardColumns = "n.stability, n.difficulty, n.reps, n.lapses, n.interval_days, n.last_review_at, n.due_at"

// scanCard reads cardColumns after the given leading destinations.
func scanCard(s scanner, lead ...any) (quiz.Card, error) {
	var c quiz.Card
	var last, due sql.NullTime
	if err := s.Scan(append(lead, &c.Stability, &c.Difficulty, &c.Reps, &c.Lapses, &c.Interval, &last, &due)...); err != nil {
		return c, err
	}
	if last.Valid {
		t := last.Time.UTC()
		c.LastReview = &t
	}
	if due.Valid {
		t := due.Time.UTC()
		c.Due = &t
	}
	return c, nil
}

func (s *Quiz) Notebook(ctx context.Context, userID int64, f quiz.NotebookFilter) ([]quiz.NotebookEntry, error) {
	args := []any{userID}
	cond := ""
	if !f.IncludeMastered {
		args = append(args, false)
		cond += fmt.Sprintf(" AND n.mastered = $%d", len(args))
	}
	if f.LawID != 0 {
		args = append(args, f.LawID)
		cond += fmt.Sprintf(" AND q.law_id = $%d", len(args))
	}
	if f.Domain != "" {
		args = append(args, "%,"+string(f.Domain)+",%")
		cond += fmt.Sprintf(" AND q.domains LIKE $%d", len(args))
	}
	if f.DueBy != nil {
		args = append(args, *f.DueBy)
		cond += fmt.Sprintf(" AND (n.due_at IS NULL OR n.due_at < $%d)", len(args))
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+questionColumns+`, n.wrong_count, n.streak, n.mastered, n.last_source, n.last_response, n.last_wrong_at, `+cardColumns+`
		FROM quiz_notebook n JOIN quiz_questions q ON q.id = n.question_id WHERE n.user_id = $1`+cond+" ORDER BY n.last_wrong_at DESC, q.id", args...)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	defer rows.Close()
	var out []quiz.NotebookEntry
	for rows.Next() {
		var e quiz.NotebookEntry
		var ds, body, resp string
		q := &e.Question
		c, err := scanCard(rows, &q.ID, &q.Revision, &q.Type, &q.Stem, &q.Status, &q.Difficulty, &ds, &body, &q.CreatedAt, &q.UpdatedAt,
			&e.WrongCount, &e.Streak, &e.Mastered, &e.LastSource, &resp, &e.LastWrongAt)
		if err != nil {
			return nil, err
		}
		e.Card = c
		var b questionBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, err
		}
		q.Options, q.Answer, q.Explanation, q.Citation, q.Parts, q.Domains = b.Options, b.Answer, b.Explanation, b.Citation, b.Parts, decodeQuizDomains(ds)
		_ = json.Unmarshal([]byte(resp), &e.LastResponse)
		e.LastWrongAt = e.LastWrongAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Quiz) SetMastered(ctx context.Context, userID, questionID int64, mastered bool, now time.Time) error {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE quiz_notebook SET mastered = $1, streak = 0, updated_at = $2 WHERE user_id = $3 AND question_id = $4", mastered, now, userID, questionID)
	if err != nil {
		return fmt.Errorf("set mastered: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("no such notebook entry")
	}
	return nil
}
