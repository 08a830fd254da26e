package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/courses"
)

// maxCloseAfter bounds a class's check-in window after the start
// (courses.ClassInput allows at most a day).
const maxCloseAfter = 24 * time.Hour

// unsettled returns the sessions started before cutoff whose attendance is
// not decided yet at cutoff (still running, or check-in still open): a
// person without a record there is not absent.
func (s *Courses) unsettled(ctx context.Context, cutoff time.Time) ([]int64, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT s.id, s.start_at, s.end_at, c.closes_after_min
		FROM course_sessions s JOIN course_batches b ON b.id = s.batch_id JOIN course_classes c ON c.id = b.class_id
		WHERE s.cancelled = FALSE AND s.start_at <= $1 AND (s.end_at > $1 OR s.start_at > $2)`,
		cutoff.UTC(), cutoff.Add(-maxCloseAfter).UTC())
	if err != nil {
		return nil, fmt.Errorf("unsettled sessions: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		var start, end time.Time
		var closes int
		if err := rows.Scan(&id, &start, &end, &closes); err != nil {
			return nil, fmt.Errorf("unsettled sessions: %w", err)
		}
		if !(courses.Window{ClosesAfterMin: closes}).Settled(start, end, cutoff) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// settledClause is a WHERE condition (with its arguments, numbered from
// next) that keeps a person-session row only when the person has a record
// or the session is settled. s and a are the sessions and attendance aliases.
func settledClause(ids []int64, next int) (string, []any) {
	if len(ids) == 0 {
		return "", nil
	}
	m := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		m[i] = "$" + strconv.Itoa(next+i)
		args[i] = id
	}
	return " AND (a.status IS NOT NULL OR s.id NOT IN (" + strings.Join(m, ",") + "))", args
}
