package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// HealthDismissals returns every dismissed bank-health finding, with the
// name of who dismissed it.
func (s *Quiz) HealthDismissals(ctx context.Context) ([]quiz.Dismissal, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT d.finding_key, d.reason, d.dismissed_by, COALESCE(u.name, ''), d.dismissed_at
		FROM quiz_health_dismissals d LEFT JOIN users u ON u.id = d.dismissed_by ORDER BY d.finding_key`)
	if err != nil {
		return nil, fmt.Errorf("health dismissals: %w", err)
	}
	defer rows.Close()
	var out []quiz.Dismissal
	for rows.Next() {
		var d quiz.Dismissal
		if err := rows.Scan(&d.Key, &d.Reason, &d.By, &d.ByName, &d.At); err != nil {
			return nil, fmt.Errorf("health dismissals: %w", err)
		}
		d.At = d.At.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// DismissFinding records (or replaces) a dismissal and bumps the bank
// version, so cached leak conflicts of the draws are recomputed.
func (s *Quiz) DismissFinding(ctx context.Context, d quiz.Dismissal) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM quiz_health_dismissals WHERE finding_key = $1", d.Key); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO quiz_health_dismissals (finding_key, reason, dismissed_by, dismissed_at) VALUES ($1, $2, $3, $4)",
			d.Key, d.Reason, d.By, d.At)
		if isForeignKey(err) {
			return fault.InvalidField("by", "unknown user")
		}
		if err != nil {
			return fmt.Errorf("dismiss finding: %w", err)
		}
		return bumpVersion(ctx, tx)
	})
}

// RestoreFinding removes a dismissal; fault.NotFound when there is none.
func (s *Quiz) RestoreFinding(ctx context.Context, key string) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM quiz_health_dismissals WHERE finding_key = $1", key)
		if err != nil {
			return fmt.Errorf("restore finding: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.Errorf(fault.NotFound, "this finding is not dismissed")
		}
		return bumpVersion(ctx, tx)
	})
}
