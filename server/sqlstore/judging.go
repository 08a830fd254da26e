package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Judging implements judging.Store.
type Judging struct{ db *DB }

var _ judging.Store = (*Judging)(nil)

// Judging returns the judged-contest store.
func (db *DB) Judging() *Judging { return &Judging{db: db} }

const judgingColumns = "id, kind, title, status, organizer_id, config, stage, version, created_at, updated_at"

func scanJudging(s scanner) (judging.Contest, error) {
	var c judging.Contest
	var cfg, stage string
	if err := s.Scan(&c.ID, &c.Kind, &c.Title, &c.Status, &c.OrganizerID, &cfg, &stage, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return judging.Contest{}, err
	}
	if err := json.Unmarshal([]byte(cfg), &c.Config); err != nil {
		return judging.Contest{}, fmt.Errorf("judged contest %d config: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(stage), &c.Stage); err != nil {
		return judging.Contest{}, fmt.Errorf("judged contest %d stage: %w", c.ID, err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

func marshalContest(c judging.Contest) (string, string, error) {
	cfg, err := json.Marshal(c.Config)
	if err != nil {
		return "", "", err
	}
	stage, err := json.Marshal(c.Stage)
	if err != nil {
		return "", "", err
	}
	return string(cfg), string(stage), nil
}

// setPanel mirrors the panel into judging_panel.
func setPanel(ctx context.Context, tx *sql.Tx, c judging.Contest) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM judging_panel WHERE contest_id = $1", c.ID); err != nil {
		return err
	}
	for _, j := range c.Config.Panel {
		if _, err := tx.ExecContext(ctx, "INSERT INTO judging_panel (contest_id, user_id) VALUES ($1, $2)", c.ID, j.UserID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Judging) CreateContest(ctx context.Context, c judging.Contest) (judging.Contest, error) {
	cfg, stage, err := marshalContest(c)
	if err != nil {
		return judging.Contest{}, fmt.Errorf("create judged contest: %w", err)
	}
	c.Version = 1
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO judging_contests (kind, title, status, organizer_id, config, stage, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, c.Kind, c.Title, c.Status, c.OrganizerID, cfg, stage, c.Version, c.CreatedAt.UTC(), c.UpdatedAt.UTC()).Scan(&c.ID); err != nil {
			return err
		}
		return setPanel(ctx, tx, c)
	})
	if err != nil {
		if isForeignKey(err) {
			return judging.Contest{}, fault.NotFoundf("the organizer or a judge does not exist")
		}
		return judging.Contest{}, fmt.Errorf("create judged contest: %w", err)
	}
	return c, nil
}

func (s *Judging) Contest(ctx context.Context, id int64) (judging.Contest, error) {
	c, err := scanJudging(s.db.sql.QueryRowContext(ctx, "SELECT "+judgingColumns+" FROM judging_contests WHERE id = $1", id))
	if err != nil {
		return judging.Contest{}, notFound(err, "judged contest %d not found", id)
	}
	return c, nil
}

func (s *Judging) Contests(ctx context.Context, f judging.Filter) ([]judging.Contest, error) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := "SELECT " + judgingColumns + " FROM judging_contests WHERE 1 = 1"
	var args []any
	if f.Status != "" {
		args = append(args, f.Status)
		q += " AND status = $" + strconv.Itoa(len(args))
	}
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += " AND kind = $" + strconv.Itoa(len(args))
	}
	if f.JudgeID != 0 {
		args = append(args, f.JudgeID)
		q += " AND id IN (SELECT contest_id FROM judging_panel WHERE user_id = $" + strconv.Itoa(len(args)) + ")"
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit)
	rows, err := s.db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list judged contests: %w", err)
	}
	defer rows.Close()
	out := []judging.Contest{}
	for rows.Next() {
		c, err := scanJudging(rows)
		if err != nil {
			return nil, fmt.Errorf("list judged contests: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Judging) UpdateContest(ctx context.Context, c judging.Contest, log ...judging.Change) error {
	cfg, stage, err := marshalContest(c)
	if err != nil {
		return fmt.Errorf("update judged contest: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE judging_contests SET kind = $1, title = $2, status = $3, config = $4, stage = $5, version = version + 1, updated_at = $6
			WHERE id = $7 AND version = $8`, c.Kind, c.Title, c.Status, cfg, stage, c.UpdatedAt.UTC(), c.ID, c.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := s.contestTx(ctx, tx, c.ID); err != nil {
				return err
			}
			return fault.Conflictf("the contest changed meanwhile; try again")
		}
		if err := appendChanges(ctx, tx, c.ID, log); err != nil {
			return err
		}
		return setPanel(ctx, tx, c)
	})
	if err != nil {
		if isForeignKey(err) {
			return fault.NotFoundf("a judge does not exist")
		}
		if _, ok := fault.As(err); ok {
			return err
		}
		return fmt.Errorf("update judged contest: %w", err)
	}
	return nil
}

func (s *Judging) contestTx(ctx context.Context, tx *sql.Tx, id int64) (judging.Contest, error) {
	c, err := scanJudging(tx.QueryRowContext(ctx, "SELECT "+judgingColumns+" FROM judging_contests WHERE id = $1", id))
	if err != nil {
		return judging.Contest{}, notFound(err, "judged contest %d not found", id)
	}
	return c, nil
}

// bump increments a contest's version inside tx (a board-visible change),
// requiring the status when one is given.
func bump(ctx context.Context, tx *sql.Tx, id int64, status judging.Status) error {
	q, args := "UPDATE judging_contests SET version = version + 1 WHERE id = $1", []any{id}
	if status != "" {
		q += " AND status = $2"
		args = append(args, status)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var st string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM judging_contests WHERE id = $1", id).Scan(&st); err != nil {
			return notFound(err, "judged contest %d not found", id)
		}
		return fault.Conflictf("the contest is %s, not %s", st, status)
	}
	return nil
}

func (s *Judging) ReplaceEntries(ctx context.Context, contestID int64, entries []judging.Entry, log ...judging.Change) ([]judging.Entry, error) {
	out := make([]judging.Entry, len(entries))
	copy(out, entries)
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := bump(ctx, tx, contestID, judging.StatusDraft); err != nil {
			return err
		}
		if err := appendChanges(ctx, tx, contestID, log); err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, e := range out {
			if e.ID != 0 {
				keep[e.ID] = true
			}
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM judging_entries WHERE contest_id = $1", contestID)
		if err != nil {
			return err
		}
		var drop, have []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if keep[id] {
				have = append(have, id)
			} else {
				drop = append(drop, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range drop {
			if _, err := tx.ExecContext(ctx, "DELETE FROM judging_entries WHERE id = $1", id); err != nil {
				return err
			}
		}
		known := map[int64]bool{}
		for _, id := range have {
			known[id] = true
		}
		for i, e := range out {
			if e.ID != 0 {
				if !known[e.ID] {
					return fault.InvalidField(fmt.Sprintf("entries[%d].id", i), "not an entry of this contest")
				}
				if _, err := tx.ExecContext(ctx, "UPDATE judging_entries SET ord = $1, name = $2, title = $3, unit_id = $4, unit = $5, category = $6, seconds = 0 WHERE id = $7",
					e.Order, e.Name, e.Title, e.UnitID, e.Unit, e.Category, e.ID); err != nil {
					return err
				}
				continue
			}
			if err := tx.QueryRowContext(ctx, "INSERT INTO judging_entries (contest_id, ord, name, title, unit_id, unit, category) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
				contestID, e.Order, e.Name, e.Title, e.UnitID, e.Unit, e.Category).Scan(&out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("replace entries: %w", err)
	}
	return out, nil
}

func (s *Judging) Entries(ctx context.Context, contestID int64) ([]judging.Entry, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT id, ord, name, title, unit_id, unit, category, seconds FROM judging_entries WHERE contest_id = $1
		ORDER BY CASE WHEN ord = 0 THEN 1 ELSE 0 END, ord, id`, contestID)
	if err != nil {
		return nil, fmt.Errorf("entries: %w", err)
	}
	defer rows.Close()
	out := []judging.Entry{}
	for rows.Next() {
		var e judging.Entry
		if err := rows.Scan(&e.ID, &e.Order, &e.Name, &e.Title, &e.UnitID, &e.Unit, &e.Category, &e.Seconds); err != nil {
			return nil, fmt.Errorf("entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Judging) Entry(ctx context.Context, contestID, entryID int64) (judging.Entry, error) {
	var e judging.Entry
	err := s.db.sql.QueryRowContext(ctx, "SELECT id, ord, name, title, unit_id, unit, category, seconds FROM judging_entries WHERE id = $1 AND contest_id = $2", entryID, contestID).
		Scan(&e.ID, &e.Order, &e.Name, &e.Title, &e.UnitID, &e.Unit, &e.Category, &e.Seconds)
	if err != nil {
		return judging.Entry{}, notFound(err, "entry %d is not in this contest", entryID)
	}
	return e, nil
}

func (s *Judging) Changes(ctx context.Context, contestID int64) (int64, error) {
	var n int64
	err := s.db.sql.QueryRowContext(ctx, "SELECT c.version + COALESCE((SELECT SUM(version) FROM judging_sheets WHERE contest_id = $1), 0) FROM judging_contests c WHERE c.id = $1", contestID).Scan(&n)
	if err != nil {
		return 0, notFound(err, "judged contest %d not found", contestID)
	}
	return n, nil
}

func (s *Judging) SetSeconds(ctx context.Context, contestID, entryID int64, seconds int) error {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE judging_entries SET seconds = $1 WHERE id = $2 AND contest_id = $3", seconds, entryID, contestID)
	if err != nil {
		return fmt.Errorf("set seconds: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("entry %d not found", entryID)
	}
	return nil
}

func (s *Judging) RecordDraw(ctx context.Context, d judging.Draw) (judging.Draw, error) {
	order, err := json.Marshal(d.Order)
	if err != nil {
		return judging.Draw{}, fmt.Errorf("record draw: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := bump(ctx, tx, d.ContestID, judging.StatusDraft); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "INSERT INTO judging_draws (contest_id, seed, entry_order, actor_id, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			d.ContestID, strconv.FormatUint(d.Seed, 10), string(order), d.ActorID, d.At.UTC()).Scan(&d.ID); err != nil {
			return err
		}
		for i, id := range d.Order {
			res, err := tx.ExecContext(ctx, "UPDATE judging_entries SET ord = $1 WHERE id = $2 AND contest_id = $3", i+1, id, d.ContestID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fault.Conflictf("the entries changed during the draw")
			}
		}
		return nil
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return judging.Draw{}, err
		}
		return judging.Draw{}, fmt.Errorf("record draw: %w", err)
	}
	return d, nil
}

func (s *Judging) Draws(ctx context.Context, contestID int64) ([]judging.Draw, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, seed, entry_order, actor_id, at FROM judging_draws WHERE contest_id = $1 ORDER BY id DESC", contestID)
	if err != nil {
		return nil, fmt.Errorf("draws: %w", err)
	}
	defer rows.Close()
	out := []judging.Draw{}
	for rows.Next() {
		d := judging.Draw{ContestID: contestID}
		var seed, order string
		if err := rows.Scan(&d.ID, &seed, &order, &d.ActorID, &d.At); err != nil {
			return nil, fmt.Errorf("draws: %w", err)
		}
		d.At = d.At.UTC()
		if d.Seed, err = strconv.ParseUint(seed, 10, 64); err != nil {
			return nil, fmt.Errorf("draw %d seed: %w", d.ID, err)
		}
		if err := json.Unmarshal([]byte(order), &d.Order); err != nil {
			return nil, fmt.Errorf("draw %d order: %w", d.ID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// utcOrZero converts a nullable time.
func utcOrZero(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
