package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/fault"
)

// Contests implements contest.Store.
type Contests struct{ db *DB }

var _ contest.Store = (*Contests)(nil)

// Contests returns the live-contest store.
func (db *DB) Contests() *Contests { return &Contests{db: db} }

const contestColumns = "id, title, status, host_id, config, created_at, updated_at"

func scanContest(s scanner) (contest.Contest, error) {
	var c contest.Contest
	var cfg string
	if err := s.Scan(&c.ID, &c.Title, &c.Status, &c.HostID, &cfg, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return contest.Contest{}, err
	}
	if err := json.Unmarshal([]byte(cfg), &c.Config); err != nil {
		return contest.Contest{}, fmt.Errorf("contest %d config: %w", c.ID, err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func (s *Contests) CreateContest(ctx context.Context, c contest.Contest) (contest.Contest, error) {
	cfg, err := json.Marshal(c.Config)
	if err != nil {
		return contest.Contest{}, fmt.Errorf("create contest: %w", err)
	}
	err = s.db.sql.QueryRowContext(ctx, `INSERT INTO contests (title, status, host_id, config, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.Title, c.Status, c.HostID, string(cfg), c.CreatedAt.UTC(), c.UpdatedAt.UTC()).Scan(&c.ID)
	if err != nil {
		if isForeignKey(err) {
			return contest.Contest{}, fault.NotFoundf("the host does not exist")
		}
		return contest.Contest{}, fmt.Errorf("create contest: %w", err)
	}
	return c, nil
}

func (s *Contests) Contest(ctx context.Context, id int64) (contest.Contest, error) {
	c, err := scanContest(s.db.sql.QueryRowContext(ctx, "SELECT "+contestColumns+" FROM contests WHERE id = $1", id))
	if err != nil {
		return contest.Contest{}, notFound(err, "contest %d not found", id)
	}
	return c, nil
}

func (s *Contests) Contests(ctx context.Context, f contest.Filter) ([]contest.Contest, error) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := "SELECT " + contestColumns + " FROM contests"
	args := []any{}
	if f.Status != "" {
		q += " WHERE status = $1"
		args = append(args, f.Status)
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit)
	rows, err := s.db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list contests: %w", err)
	}
	defer rows.Close()
	var out []contest.Contest
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			return nil, fmt.Errorf("list contests: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Contests) UpdateContest(ctx context.Context, c contest.Contest) error {
	cfg, err := json.Marshal(c.Config)
	if err != nil {
		return fmt.Errorf("update contest: %w", err)
	}
	// only a draft changes: an edit racing a publication cannot undo it
	res, err := s.db.sql.ExecContext(ctx, "UPDATE contests SET title = $1, status = $2, config = $3, updated_at = $4 WHERE id = $5 AND status = $6",
		c.Title, c.Status, string(cfg), c.UpdatedAt.UTC(), c.ID, contest.StatusDraft)
	if err != nil {
		return fmt.Errorf("update contest: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Contest(ctx, c.ID); err != nil {
			return err
		}
		return fault.Conflictf("the contest is already published")
	}
	return nil
}

func (s *Contests) Append(ctx context.Context, contestID int64, entries ...contest.Entry) error {
	type row struct {
		action, outcome string
		client          any
	}
	rows := make([]row, len(entries))
	for i, e := range entries {
		action, err := json.Marshal(e.Action)
		if err != nil {
			return fmt.Errorf("append: %w", err)
		}
		outcome, err := json.Marshal(e.Outcome)
		if err != nil {
			return fmt.Errorf("append: %w", err)
		}
		rows[i] = row{action: string(action), outcome: string(outcome)}
		if e.Action.ClientID != "" {
			rows[i].client = e.Action.ClientID
		}
	}
	// multi-row inserts, in chunks that stay below both engines' parameter limits
	const chunk = 200
	exec := s.db.tx
	if changes := scoreChanges(entries); changes == 0 && len(entries) <= chunk {
		// one statement is atomic by itself: no BEGIN and COMMIT round
		// trips (a burst of answers, which change no score until the reveal)
		exec = func(ctx context.Context, fn func(tx *sql.Tx) error) error { return fn(nil) }
	}
	err := exec(ctx, func(tx *sql.Tx) error {
		for lo := 0; lo < len(entries); lo += chunk {
			hi := min(lo+chunk, len(entries))
			var q strings.Builder
			q.WriteString("INSERT INTO contest_log (contest_id, seq, type, user_id, at, client_id, action, outcome) VALUES ")
			args := make([]any, 0, 8*(hi-lo))
			for i := lo; i < hi; i++ {
				e := entries[i]
				if i > lo {
					q.WriteString(", ")
				}
				q.WriteString(placeholders(len(args), 8))
				args = append(args, contestID, e.Seq, e.Action.Type, e.Action.UserID, e.At.UTC(), rows[i].client, rows[i].action, rows[i].outcome)
			}
			if _, err := execIn(ctx, s.db.sql, tx, q.String(), args...); err != nil {
				return err
			}
		}
		var q strings.Builder
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			_, err := execIn(ctx, s.db.sql, tx, q.String(), args...)
			q.Reset()
			args = args[:0]
			return err
		}
		for _, e := range entries {
			for n, c := range e.Outcome.Changes {
				if len(args) == 0 {
					q.WriteString("INSERT INTO contest_scores (contest_id, seq, n, side, user_id, delta, kind, reason) VALUES ")
				} else {
					q.WriteString(", ")
				}
				q.WriteString(placeholders(len(args), 8))
				args = append(args, contestID, e.Seq, n, c.Side, c.UserID, c.Delta, c.Kind, c.Reason)
				if len(args) >= 8*chunk {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		return flush()
	})
	if err != nil {
		if isUnique(err) {
			return fault.Conflictf("log entries of contest %d are taken", contestID)
		}
		if isForeignKey(err) {
			return fault.NotFoundf("contest %d not found", contestID)
		}
		return fmt.Errorf("append to contest %d: %w", contestID, err)
	}
	return nil
}

// scoreChanges counts the score changes of entries.
func scoreChanges(entries []contest.Entry) int {
	n := 0
	for _, e := range entries {
		n += len(e.Outcome.Changes)
	}
	return n
}

// execIn runs a statement in tx, or on its own when tx is nil.
func execIn(ctx context.Context, db *sql.DB, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if tx == nil {
		return db.ExecContext(ctx, q, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

func (s *Contests) Log(ctx context.Context, contestID, after int64) ([]contest.Entry, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT seq, at, action, outcome FROM contest_log WHERE contest_id = $1 AND seq > $2 ORDER BY seq", contestID, after)
	if err != nil {
		return nil, fmt.Errorf("read contest log: %w", err)
	}
	defer rows.Close()
	var out []contest.Entry
	for rows.Next() {
		var e contest.Entry
		var at time.Time
		var action, outcome string
		if err := rows.Scan(&e.Seq, &at, &action, &outcome); err != nil {
			return nil, fmt.Errorf("read contest log: %w", err)
		}
		e.At = at.UTC()
		if err := json.Unmarshal([]byte(action), &e.Action); err != nil {
			return nil, fmt.Errorf("contest log %d: %w", e.Seq, err)
		}
		if err := json.Unmarshal([]byte(outcome), &e.Outcome); err != nil {
			return nil, fmt.Errorf("contest log %d: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// placeholders writes "($n+1, …, $n+k)".
func placeholders(n, k int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= k; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n + i))
	}
	b.WriteByte(')')
	return b.String()
}

// ContestTotals sums the stored score changes per side, for rebuilding
// the leaderboard from SQL (base scores are added by the caller).
func (s *Contests) ContestTotals(ctx context.Context, contestID int64) (map[int64]int, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT side, SUM(delta) FROM contest_scores WHERE contest_id = $1 AND user_id = 0 GROUP BY side", contestID)
	if err != nil {
		return nil, fmt.Errorf("contest totals: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var side int64
		var sum int
		if err := rows.Scan(&side, &sum); err != nil {
			return nil, fmt.Errorf("contest totals: %w", err)
		}
		out[side] = sum
	}
	return out, rows.Err()
}
