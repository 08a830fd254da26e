package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// appendChanges writes a contest's history steps inside tx.
func appendChanges(ctx context.Context, tx *sql.Tx, contestID int64, log []judging.Change) error {
	for _, x := range log {
		fields := x.Fields
		if fields == nil {
			fields = []judging.FieldChange{}
		}
		b, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO judging_changes (contest_id, action, actor_id, reason, fields, at) VALUES ($1, $2, $3, $4, $5, $6)",
			contestID, x.Action, x.ActorID, x.Reason, string(b), x.At.UTC()); err != nil {
			return err
		}
	}
	return nil
}

func (s *Judging) ContestLog(ctx context.Context, contestID int64) ([]judging.Change, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, action, actor_id, reason, fields, at FROM judging_changes WHERE contest_id = $1 ORDER BY id", contestID)
	if err != nil {
		return nil, fmt.Errorf("contest log: %w", err)
	}
	defer rows.Close()
	out := []judging.Change{}
	for rows.Next() {
		x := judging.Change{ContestID: contestID}
		var fields string
		if err := rows.Scan(&x.ID, &x.Action, &x.ActorID, &x.Reason, &fields, &x.At); err != nil {
			return nil, fmt.Errorf("contest log: %w", err)
		}
		x.At = x.At.UTC()
		if err := json.Unmarshal([]byte(fields), &x.Fields); err != nil {
			return nil, fmt.Errorf("contest change %d fields: %w", x.ID, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
