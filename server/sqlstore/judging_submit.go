package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// contestMemo keeps the last decoded configuration and stage of each
// judged contest with its version. A version is never reused (every change
// of configuration, stage or status bumps it), so a memo of version v is
// the contest at v: the sheet path sends the version it holds and gets the
// configuration back only when it moved. Decoding the configuration was a
// fifth of a submit's CPU (docs/benchmarks.md).
type contestMemo struct {
	mu    sync.Mutex
	items map[int64]judging.Contest
}

const contestMemoMax = 256

func (m *contestMemo) get(id int64) (judging.Contest, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.items[id]
	return c, ok
}

func (m *contestMemo) put(c judging.Contest) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.items == nil || len(m.items) >= contestMemoMax {
		m.items = map[int64]judging.Contest{}
	}
	if old, ok := m.items[c.ID]; !ok || old.Version < c.Version {
		m.items[c.ID] = c
	}
}

// SheetState reads what a submission is checked against in one round trip:
// the contest (configuration and stage decoded only when its version moved
// since the last read), the entry and the judge's stored sheet.
func (s *Judging) SheetState(ctx context.Context, contestID, entryID, judgeID int64) (judging.SheetState, error) {
	memo, have := s.db.judging.get(contestID)
	known := int64(-1)
	if have {
		known = memo.Version
	}
	var (
		c                judging.Contest
		cfg, stage       string
		eid              sql.NullInt64
		e                judging.Entry
		body             sql.NullString
		created, updated time.Time
	)
	err := s.db.sql.QueryRowContext(ctx, `SELECT c.id, c.kind, c.title, c.status, c.organizer_id, c.version,
			CASE WHEN c.version = $4 THEN '' ELSE c.config END, CASE WHEN c.version = $4 THEN '' ELSE c.stage END, c.created_at, c.updated_at,
			e.id, COALESCE(e.ord, 0), COALESCE(e.name, ''), COALESCE(e.title, ''), COALESCE(e.unit_id, 0), COALESCE(e.unit, ''), COALESCE(e.seconds, 0), s.body
		FROM judging_contests c
		LEFT JOIN judging_entries e ON e.id = $2 AND e.contest_id = c.id
		LEFT JOIN judging_sheets s ON s.contest_id = c.id AND s.entry_id = $2 AND s.judge_id = $3
		WHERE c.id = $1`, contestID, entryID, judgeID, known).
		Scan(&c.ID, &c.Kind, &c.Title, &c.Status, &c.OrganizerID, &c.Version, &cfg, &stage, &created, &updated,
			&eid, &e.Order, &e.Name, &e.Title, &e.UnitID, &e.Unit, &e.Seconds, &body)
	if err != nil {
		return judging.SheetState{}, notFound(err, "judged contest %d not found", contestID)
	}
	c.CreatedAt, c.UpdatedAt = created.UTC(), updated.UTC()
	if have && c.Version == memo.Version {
		c.Config, c.Stage = memo.Config, memo.Stage
	} else {
		if err := json.Unmarshal([]byte(cfg), &c.Config); err != nil {
			return judging.SheetState{}, fmt.Errorf("judged contest %d config: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(stage), &c.Stage); err != nil {
			return judging.SheetState{}, fmt.Errorf("judged contest %d stage: %w", c.ID, err)
		}
		s.db.judging.put(c)
	}
	if !eid.Valid {
		return judging.SheetState{}, fault.NotFoundf("entry %d is not in this contest", entryID)
	}
	e.ID = eid.Int64
	out := judging.SheetState{Contest: c, Entry: e}
	if body.Valid {
		var sh judging.Sheet
		if err := json.Unmarshal([]byte(body.String), &sh); err != nil {
			return judging.SheetState{}, fmt.Errorf("sheet: %w", err)
		}
		sh.At = sh.At.UTC()
		out.Prev = &sh
	}
	return out, nil
}

// saveSheetOnce is SaveSheet on PostgreSQL in one statement (one round
// trip, atomic by itself): the sheet's insert or versioned update, and the
// audit row inserted from what it returned (the audit row of a sheet
// carries the sheet's contest, entry, judge, version and time, as every
// caller of SaveSheet writes it). It reports whether the sheet
// was written (false: the version moved).
func (s *Judging) saveSheetOnce(ctx context.Context, sh judging.Sheet, prev int, a judging.Audit, body, audit string) (bool, error) {
	write := `INSERT INTO judging_sheets (contest_id, entry_id, judge_id, status, version, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		RETURNING contest_id, entry_id, judge_id, version, at`
	args := []any{sh.ContestID, sh.EntryID, sh.JudgeID, sh.Status, sh.Version, body, sh.At.UTC()}
	if prev != 0 {
		write = `UPDATE judging_sheets SET status = $4, version = $5, body = $6, at = $7
			WHERE contest_id = $1 AND entry_id = $2 AND judge_id = $3 AND version = $8
			RETURNING contest_id, entry_id, judge_id, version, at`
		args = append(args, prev)
	}
	n := len(args)
	q := `WITH s AS (` + write + `)
		INSERT INTO judging_audit (contest_id, entry_id, judge_id, version, action, actor_id, reason, sheet, at)
		SELECT contest_id, entry_id, judge_id, version, CAST($` + strconv.Itoa(n+1) + ` AS TEXT), CAST($` + strconv.Itoa(n+2) + ` AS BIGINT), CAST($` + strconv.Itoa(n+3) + ` AS TEXT), CAST($` + strconv.Itoa(n+4) + ` AS TEXT), at FROM s`
	args = append(args, a.Action, a.ActorID, a.Reason, audit)
	res, err := s.db.sql.ExecContext(ctx, q, args...)
	if err != nil {
		return false, err
	}
	rows, err := res.RowsAffected()
	return rows == 1, err
}
