package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

const judgingCertColumns = "id, contest_id, entry_id, code, name, unit, entry_title, contest_title, tier, rank, score, issued_by, issued_at FROM judging_certificates"

func scanJudgingCert(r interface{ Scan(...any) error }) (judging.Certificate, error) {
	var c judging.Certificate
	err := r.Scan(&c.ID, &c.ContestID, &c.EntryID, &c.Code, &c.Name, &c.Unit, &c.EntryTitle, &c.ContestTitle, &c.Tier, &c.Rank, &c.Score, &c.IssuedBy, &c.IssuedAt)
	c.IssuedAt = c.IssuedAt.UTC()
	return c, err
}

func (s *Judging) IssueCertificates(ctx context.Context, certs []judging.Certificate) ([]judging.Certificate, error) {
	if len(certs) == 0 {
		return s.Certificates(ctx, 0)
	}
	contestID := certs[0].ContestID
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		for _, c := range certs {
			if c.ContestID != contestID {
				return fmt.Errorf("certificates of two contests in one call")
			}
			// The first certificate of an entry stays: reissuing prints the same code.
			if _, err := tx.ExecContext(ctx, `INSERT INTO judging_certificates (contest_id, entry_id, code, name, unit, entry_title, contest_title, tier, rank, score, issued_by, issued_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (contest_id, entry_id) DO NOTHING`,
				c.ContestID, c.EntryID, c.Code, c.Name, c.Unit, c.EntryTitle, c.ContestTitle, c.Tier, c.Rank, c.Score, c.IssuedBy, c.IssuedAt.UTC()); err != nil {
				if isForeignKey(err) {
					return fault.NotFoundf("judged contest %d not found", c.ContestID)
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("issue certificates: %w", err)
	}
	return s.Certificates(ctx, contestID)
}

func (s *Judging) Certificates(ctx context.Context, contestID int64) ([]judging.Certificate, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+judgingCertColumns+" WHERE contest_id = $1 ORDER BY rank, id", contestID)
	if err != nil {
		return nil, fmt.Errorf("certificates: %w", err)
	}
	defer rows.Close()
	out := []judging.Certificate{}
	for rows.Next() {
		c, err := scanJudgingCert(rows)
		if err != nil {
			return nil, fmt.Errorf("certificates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Judging) CertificateByCode(ctx context.Context, code string) (judging.Certificate, error) {
	c, err := scanJudgingCert(s.db.sql.QueryRowContext(ctx, "SELECT "+judgingCertColumns+" WHERE code = $1", code))
	if err != nil {
		return c, notFound(err, "no certificate has this code")
	}
	return c, nil
}
