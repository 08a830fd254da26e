package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

func scanSheet(s scanner) (judging.Sheet, error) {
	var body string
	if err := s.Scan(&body); err != nil {
		return judging.Sheet{}, err
	}
	var sh judging.Sheet
	if err := json.Unmarshal([]byte(body), &sh); err != nil {
		return judging.Sheet{}, fmt.Errorf("sheet: %w", err)
	}
	sh.At = sh.At.UTC()
	return sh, nil
}

func (s *Judging) Sheet(ctx context.Context, contestID, entryID, judgeID int64) (judging.Sheet, error) {
	sh, err := scanSheet(s.db.sql.QueryRowContext(ctx, "SELECT body FROM judging_sheets WHERE contest_id = $1 AND entry_id = $2 AND judge_id = $3", contestID, entryID, judgeID))
	if err != nil {
		return judging.Sheet{}, notFound(err, "no sheet of judge %d for entry %d", judgeID, entryID)
	}
	return sh, nil
}

func (s *Judging) Sheets(ctx context.Context, contestID int64) ([]judging.Sheet, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT body FROM judging_sheets WHERE contest_id = $1 ORDER BY entry_id, judge_id", contestID)
	if err != nil {
		return nil, fmt.Errorf("sheets: %w", err)
	}
	defer rows.Close()
	out := []judging.Sheet{}
	for rows.Next() {
		sh, err := scanSheet(rows)
		if err != nil {
			return nil, fmt.Errorf("sheets: %w", err)
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

func (s *Judging) SaveSheet(ctx context.Context, sh judging.Sheet, prev int, a judging.Audit) error {
	body, err := json.Marshal(sh)
	if err != nil {
		return fmt.Errorf("save sheet: %w", err)
	}
	audit, err := json.Marshal(a.Sheet)
	if err != nil {
		return fmt.Errorf("save sheet: %w", err)
	}
	if s.db.engine == Postgres {
		err = s.saveSheetPostgres(ctx, sh, prev, a, string(body), string(audit))
	} else {
		err = s.saveSheetTx(ctx, sh, prev, a, string(body), string(audit))
	}
	if err != nil {
		if isUnique(err) {
			return fault.Conflictf("the sheet was submitted meanwhile")
		}
		if isForeignKey(err) {
			return fault.NotFoundf("the entry or the judge does not exist")
		}
		if _, ok := fault.As(err); ok {
			return err
		}
		return fmt.Errorf("save sheet: %w", err)
	}
	return nil
}

func (s *Judging) saveSheetPostgres(ctx context.Context, sh judging.Sheet, prev int, a judging.Audit, body, audit string) error {
	ok, err := s.saveSheetOnce(ctx, sh, prev, a, body, audit)
	if err == nil && !ok {
		return fault.Conflictf("the sheet changed meanwhile")
	}
	return err
}

// saveSheetTx is SaveSheet in a transaction of two statements (SQLite has
// no writing WITH; its round trips are calls in the process).
func (s *Judging) saveSheetTx(ctx context.Context, sh judging.Sheet, prev int, a judging.Audit, body, audit string) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		if prev == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO judging_sheets (contest_id, entry_id, judge_id, status, version, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				sh.ContestID, sh.EntryID, sh.JudgeID, sh.Status, sh.Version, body, sh.At.UTC()); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE judging_sheets SET status = $1, version = $2, body = $3, at = $4
				WHERE contest_id = $5 AND entry_id = $6 AND judge_id = $7 AND version = $8`,
				sh.Status, sh.Version, body, sh.At.UTC(), sh.ContestID, sh.EntryID, sh.JudgeID, prev)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fault.Conflictf("the sheet changed meanwhile")
			}
		}
		// no update of the contest row here: concurrent sheets of one
		// contest must not queue on it (Changes sums the sheet versions)
		_, err := tx.ExecContext(ctx, `INSERT INTO judging_audit (contest_id, entry_id, judge_id, version, action, actor_id, reason, sheet, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.ContestID, a.EntryID, a.JudgeID, a.Version, a.Action, a.ActorID, a.Reason, audit, a.At.UTC())
		return err
	})
}

func (s *Judging) Audits(ctx context.Context, contestID int64) ([]judging.Audit, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT id, entry_id, judge_id, version, action, actor_id, reason, sheet, at FROM judging_audit WHERE contest_id = $1 ORDER BY id`, contestID)
	if err != nil {
		return nil, fmt.Errorf("audits: %w", err)
	}
	defer rows.Close()
	out := []judging.Audit{}
	for rows.Next() {
		a := judging.Audit{ContestID: contestID}
		var sheet string
		if err := rows.Scan(&a.ID, &a.EntryID, &a.JudgeID, &a.Version, &a.Action, &a.ActorID, &a.Reason, &sheet, &a.At); err != nil {
			return nil, fmt.Errorf("audits: %w", err)
		}
		a.At = a.At.UTC()
		if err := json.Unmarshal([]byte(sheet), &a.Sheet); err != nil {
			return nil, fmt.Errorf("audit %d: %w", a.ID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Judging) SaveDraft(ctx context.Context, sh judging.Sheet) error {
	body, err := json.Marshal(sh)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM judging_drafts WHERE contest_id = $1 AND entry_id = $2 AND judge_id = $3", sh.ContestID, sh.EntryID, sh.JudgeID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO judging_drafts (contest_id, entry_id, judge_id, body, at) VALUES ($1, $2, $3, $4, $5)", sh.ContestID, sh.EntryID, sh.JudgeID, string(body), sh.At.UTC())
		return err
	})
	if err != nil {
		if isUnique(err) {
			return fault.Conflictf("the draft was saved meanwhile")
		}
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

func (s *Judging) Draft(ctx context.Context, contestID, entryID, judgeID int64) (judging.Sheet, error) {
	sh, err := scanSheet(s.db.sql.QueryRowContext(ctx, "SELECT body FROM judging_drafts WHERE contest_id = $1 AND entry_id = $2 AND judge_id = $3", contestID, entryID, judgeID))
	if err != nil {
		return judging.Sheet{}, notFound(err, "no draft")
	}
	return sh, nil
}

const appealColumns = "id, contest_id, entry_id, text, filed_by, filed_at, outcome, note, decided_by, decided_at"

func (s *Judging) CreateAppeal(ctx context.Context, a judging.Appeal) (judging.Appeal, error) {
	err := s.db.sql.QueryRowContext(ctx, "INSERT INTO judging_appeals (contest_id, entry_id, text, filed_by, filed_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		a.ContestID, a.EntryID, a.Text, a.FiledBy, a.FiledAt.UTC()).Scan(&a.ID)
	if err != nil {
		if isForeignKey(err) {
			return judging.Appeal{}, fault.NotFoundf("judged contest %d not found", a.ContestID)
		}
		return judging.Appeal{}, fmt.Errorf("create appeal: %w", err)
	}
	return a, nil
}

func (s *Judging) DecideAppeal(ctx context.Context, a judging.Appeal) error {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE judging_appeals SET outcome = $1, note = $2, decided_by = $3, decided_at = $4 WHERE id = $5 AND contest_id = $6 AND outcome = ''",
		a.Outcome, a.Note, a.DecidedBy, a.DecidedAt.UTC(), a.ID, a.ContestID)
	if err != nil {
		return fmt.Errorf("decide appeal: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var outcome string
		if err := s.db.sql.QueryRowContext(ctx, "SELECT outcome FROM judging_appeals WHERE id = $1 AND contest_id = $2", a.ID, a.ContestID).Scan(&outcome); err != nil {
			return notFound(err, "appeal %d not found", a.ID)
		}
		return fault.Conflictf("appeal %d was decided already (%s)", a.ID, outcome)
	}
	return nil
}

func (s *Judging) Appeals(ctx context.Context, contestID int64) ([]judging.Appeal, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+appealColumns+" FROM judging_appeals WHERE contest_id = $1 ORDER BY id", contestID)
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	defer rows.Close()
	out := []judging.Appeal{}
	for rows.Next() {
		var a judging.Appeal
		var decided sql.NullTime
		if err := rows.Scan(&a.ID, &a.ContestID, &a.EntryID, &a.Text, &a.FiledBy, &a.FiledAt, &a.Outcome, &a.Note, &a.DecidedBy, &decided); err != nil {
			return nil, fmt.Errorf("appeals: %w", err)
		}
		a.FiledAt, a.DecidedAt = a.FiledAt.UTC(), utcOrZero(decided)
		out = append(out, a)
	}
	return out, rows.Err()
}
