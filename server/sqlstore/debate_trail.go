package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/server/fault"
)

// Drafts, the audit trail and the tournament's change counter of debate
// tournaments (migration 130).

func insertAudit(ctx context.Context, tx *sql.Tx, e debate.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO debate_audit (tournament_id, match_id, actor_id, action, reason, judge_id, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.TournamentID, e.MatchID, e.ActorID, e.Action, e.Reason, e.JudgeID, e.Detail, e.At.UTC())
	return err
}

func (s *Debate) RecordMatch(ctx context.Context, m debate.Match, e debate.AuditEntry) error {
	_, judges, live, err := matchJSON(m)
	if err != nil {
		return fmt.Errorf("record match: %w", err)
	}
	locked := 0
	if m.Locked {
		locked = 1
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE debate_matches SET judges = $1, live = $2, locked = $3, decision = $4, reason = $5, version = version + 1
			WHERE id = $6 AND version = $7`, judges, live, locked, string(m.Decision), m.Reason, m.ID, m.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, "SELECT 1 FROM debate_matches WHERE id = $1", m.ID).Scan(&one); err != nil {
				return notFound(err, "match %d not found", m.ID)
			}
			return fault.Conflictf("the match changed meanwhile; try again")
		}
		return insertAudit(ctx, tx, e)
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return err
		}
		return fmt.Errorf("record match: %w", err)
	}
	return nil
}

func (s *Debate) ReopenBallot(ctx context.Context, matchID, judgeID int64, e debate.AuditEntry) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE debate_matches SET version = version + 1 WHERE id = $1 AND locked = 0", matchID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.Conflictf("the match is locked: unlock it first")
		}
		res, err = tx.ExecContext(ctx, "DELETE FROM debate_ballots WHERE match_id = $1 AND judge_id = $2", matchID, judgeID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("no ballot of judge %d for match %d", judgeID, matchID)
		}
		return insertAudit(ctx, tx, e)
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return err
		}
		return fmt.Errorf("reopen ballot: %w", err)
	}
	return nil
}

func (s *Debate) Audit(ctx context.Context, tournamentID int64) ([]debate.AuditEntry, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT id, tournament_id, match_id, actor_id, action, reason, judge_id, detail, at
		FROM debate_audit WHERE tournament_id = $1 ORDER BY id LIMIT 2000`, tournamentID)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	out := []debate.AuditEntry{}
	for rows.Next() {
		var e debate.AuditEntry
		if err := rows.Scan(&e.ID, &e.TournamentID, &e.MatchID, &e.ActorID, &e.Action, &e.Reason, &e.JudgeID, &e.Detail, &e.At); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Debate) SaveDraft(ctx context.Context, tournamentID int64, b debate.Ballot) error {
	body, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM debate_drafts WHERE match_id = $1 AND judge_id = $2", b.MatchID, b.JudgeID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO debate_drafts (match_id, judge_id, tournament_id, body, at) VALUES ($1, $2, $3, $4, $5)",
			b.MatchID, b.JudgeID, tournamentID, string(body), b.At.UTC())
		return err
	})
	if err != nil {
		if isForeignKey(err) {
			return fault.NotFoundf("the match or the judge does not exist")
		}
		if isUnique(err) {
			return fault.Conflictf("the draft changed meanwhile; try again")
		}
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

func (s *Debate) Draft(ctx context.Context, matchID, judgeID int64) (debate.Ballot, error) {
	b, err := scanBallot(s.db.sql.QueryRowContext(ctx, "SELECT body FROM debate_drafts WHERE match_id = $1 AND judge_id = $2", matchID, judgeID))
	if err != nil {
		return debate.Ballot{}, notFound(err, "no draft of judge %d for match %d", judgeID, matchID)
	}
	return b, nil
}

func (s *Debate) TournamentChanges(ctx context.Context, tournamentID int64) (int64, error) {
	var n int64
	err := s.db.sql.QueryRowContext(ctx, `SELECT t.version + (SELECT COALESCE(SUM(m.version), 0) FROM debate_matches m WHERE m.tournament_id = t.id)
		FROM debate_tournaments t WHERE t.id = $1`, tournamentID).Scan(&n)
	if err != nil {
		return 0, notFound(err, "tournament %d not found", tournamentID)
	}
	return n, nil
}
