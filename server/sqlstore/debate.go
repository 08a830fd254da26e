package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Debate implements debate.Store.
type Debate struct{ db *DB }

var _ debate.Store = (*Debate)(nil)

// Debate returns the debate-tournament store.
func (db *DB) Debate() *Debate { return &Debate{db: db} }

// debateSettings is the settings document of a tournament.
type debateSettings struct {
	Format      debate.Format   `json:"format"`
	TieBreakers []string        `json:"tieBreakers"`
	Seed        uint64          `json:"seed,string"`
	Judges      []judging.Judge `json:"judges"`
	PanelSize   int             `json:"panelSize"`
	Prelims     int             `json:"prelims"`
	Break       int             `json:"break"`
}

const tournamentColumns = "id, title, status, organizer_id, settings, version, created_at, updated_at"

func scanTournament(s scanner) (debate.Tournament, error) {
	var t debate.Tournament
	var body string
	if err := s.Scan(&t.ID, &t.Title, &t.Status, &t.OrganizerID, &body, &t.Version, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return debate.Tournament{}, err
	}
	var st debateSettings
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		return debate.Tournament{}, fmt.Errorf("tournament %d settings: %w", t.ID, err)
	}
	t.Format, t.TieBreakers, t.Seed, t.Judges, t.PanelSize, t.Prelims, t.Break = st.Format, st.TieBreakers, st.Seed, st.Judges, st.PanelSize, st.Prelims, st.Break
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, nil
}

func settingsOf(t debate.Tournament) (string, error) {
	b, err := json.Marshal(debateSettings{Format: t.Format, TieBreakers: t.TieBreakers, Seed: t.Seed, Judges: t.Judges, PanelSize: t.PanelSize, Prelims: t.Prelims, Break: t.Break})
	return string(b), err
}

func (s *Debate) CreateTournament(ctx context.Context, t debate.Tournament) (debate.Tournament, error) {
	body, err := settingsOf(t)
	if err != nil {
		return debate.Tournament{}, fmt.Errorf("create tournament: %w", err)
	}
	t.Version = 1
	err = s.db.sql.QueryRowContext(ctx, `INSERT INTO debate_tournaments (title, status, organizer_id, settings, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.Title, t.Status, t.OrganizerID, body, t.Version, t.CreatedAt.UTC(), t.UpdatedAt.UTC()).Scan(&t.ID)
	if err != nil {
		if isForeignKey(err) {
			return debate.Tournament{}, fault.NotFoundf("the organizer does not exist")
		}
		return debate.Tournament{}, fmt.Errorf("create tournament: %w", err)
	}
	return t, nil
}

func (s *Debate) Tournament(ctx context.Context, id int64) (debate.Tournament, error) {
	t, err := scanTournament(s.db.sql.QueryRowContext(ctx, "SELECT "+tournamentColumns+" FROM debate_tournaments WHERE id = $1", id))
	if err != nil {
		return debate.Tournament{}, notFound(err, "tournament %d not found", id)
	}
	return t, nil
}

func (s *Debate) Tournaments(ctx context.Context) ([]debate.Tournament, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+tournamentColumns+" FROM debate_tournaments ORDER BY id DESC LIMIT 500")
	if err != nil {
		return nil, fmt.Errorf("list tournaments: %w", err)
	}
	defer rows.Close()
	out := []debate.Tournament{}
	for rows.Next() {
		t, err := scanTournament(rows)
		if err != nil {
			return nil, fmt.Errorf("list tournaments: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Debate) UpdateTournament(ctx context.Context, t debate.Tournament) error {
	body, err := settingsOf(t)
	if err != nil {
		return fmt.Errorf("update tournament: %w", err)
	}
	res, err := s.db.sql.ExecContext(ctx, `UPDATE debate_tournaments SET title = $1, status = $2, settings = $3, version = version + 1, updated_at = $4
		WHERE id = $5 AND version = $6`, t.Title, t.Status, body, t.UpdatedAt.UTC(), t.ID, t.Version)
	if err != nil {
		return fmt.Errorf("update tournament: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Tournament(ctx, t.ID); err != nil {
			return err
		}
		return fault.Conflictf("the tournament changed meanwhile; reload it")
	}
	return nil
}

func (s *Debate) AddTeams(ctx context.Context, tournamentID int64, teams []debate.Team) ([]debate.Team, error) {
	out := make([]debate.Team, len(teams))
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM debate_tournaments WHERE id = $1", tournamentID).Scan(&status); err != nil {
			return notFound(err, "tournament %d not found", tournamentID)
		}
		if status != string(debate.StatusDraft) {
			return fault.Conflictf("teams are added before the first round is drawn")
		}
		for i, t := range teams {
			t.Debaters = append([]debate.Debater(nil), t.Debaters...)
			if err := tx.QueryRowContext(ctx, "INSERT INTO debate_teams (tournament_id, name, unit_id) VALUES ($1, $2, $3) RETURNING id",
				tournamentID, t.Name, t.UnitID).Scan(&t.ID); err != nil {
				if isUnique(err) {
					return fault.Conflictf("a team named %s exists", t.Name)
				}
				return err
			}
			for k := range t.Debaters {
				if err := tx.QueryRowContext(ctx, "INSERT INTO debate_debaters (team_id, position, name) VALUES ($1, $2, $3) RETURNING id",
					t.ID, k+1, t.Debaters[k].Name).Scan(&t.Debaters[k].ID); err != nil {
					return err
				}
			}
			out[i] = t
		}
		_, err := tx.ExecContext(ctx, "UPDATE debate_tournaments SET version = version + 1 WHERE id = $1", tournamentID)
		return err
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("add teams: %w", err)
	}
	return out, nil
}

func (s *Debate) Teams(ctx context.Context, tournamentID int64) ([]debate.Team, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT t.id, t.name, t.unit_id, t.withdrawn, d.id, d.name FROM debate_teams t
		LEFT JOIN debate_debaters d ON d.team_id = t.id WHERE t.tournament_id = $1 ORDER BY t.id, d.position`, tournamentID)
	if err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	defer rows.Close()
	out := []debate.Team{}
	for rows.Next() {
		var t debate.Team
		var withdrawn int
		var did sql.NullInt64
		var dname sql.NullString
		if err := rows.Scan(&t.ID, &t.Name, &t.UnitID, &withdrawn, &did, &dname); err != nil {
			return nil, fmt.Errorf("teams: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != t.ID {
			t.Withdrawn = withdrawn != 0
			t.Debaters = []debate.Debater{}
			out = append(out, t)
		}
		if did.Valid {
			last := &out[len(out)-1]
			last.Debaters = append(last.Debaters, debate.Debater{ID: did.Int64, Name: dname.String})
		}
	}
	return out, rows.Err()
}

func (s *Debate) SetWithdrawn(ctx context.Context, tournamentID, teamID int64, withdrawn bool) error {
	v := 0
	if withdrawn {
		v = 1
	}
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE debate_teams SET withdrawn = $1 WHERE id = $2 AND tournament_id = $3", v, teamID, tournamentID)
		if err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("team %d not found", teamID)
		}
		_, err = tx.ExecContext(ctx, "UPDATE debate_tournaments SET version = version + 1 WHERE id = $1", tournamentID)
		return err
	})
}

func (s *Debate) SaveRound(ctx context.Context, r debate.Round, matches []debate.Match) (debate.Round, []debate.Match, error) {
	body, err := json.Marshal(r)
	if err != nil {
		return debate.Round{}, nil, fmt.Errorf("save round: %w", err)
	}
	out := make([]debate.Match, len(matches))
	copy(out, matches)
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO debate_rounds (tournament_id, number, kind, body, at) VALUES ($1, $2, $3, $4, $5)",
			r.TournamentID, r.Number, r.Kind, string(body), r.At.UTC()); err != nil {
			if isUnique(err) {
				return fault.Conflictf("round %d is drawn already", r.Number)
			}
			return err
		}
		for i := range out {
			m := &out[i]
			m.Version = 1
			lineup, judges, live, err := matchJSON(*m)
			if err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO debate_matches (tournament_id, round, kind, slot, pro, con, motion, lineup, judges, live, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, r.TournamentID, m.Round, m.Kind, m.Slot, m.Pro, m.Con, m.Motion,
				lineup, judges, live, m.Version).Scan(&m.ID); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE debate_tournaments SET version = version + 1, status = CASE WHEN status = $1 THEN $2 ELSE status END WHERE id = $3",
			debate.StatusDraft, debate.StatusRunning, r.TournamentID)
		return err
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return debate.Round{}, nil, err
		}
		return debate.Round{}, nil, fmt.Errorf("save round: %w", err)
	}
	return r, out, nil
}

func matchJSON(m debate.Match) (string, string, string, error) {
	l, err := json.Marshal(m.Lineup)
	if err != nil {
		return "", "", "", err
	}
	j, err := json.Marshal(m.Judges)
	if err != nil {
		return "", "", "", err
	}
	v, err := json.Marshal(m.Live)
	return string(l), string(j), string(v), err
}

func (s *Debate) Rounds(ctx context.Context, tournamentID int64) ([]debate.Round, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT body FROM debate_rounds WHERE tournament_id = $1 ORDER BY number", tournamentID)
	if err != nil {
		return nil, fmt.Errorf("rounds: %w", err)
	}
	defer rows.Close()
	out := []debate.Round{}
	for rows.Next() {
		var body string
		var r debate.Round
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("rounds: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("round: %w", err)
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

const matchColumns = "id, tournament_id, round, kind, slot, pro, con, motion, lineup, judges, live, locked, decision, reason, version"

func scanMatch(s scanner) (debate.Match, error) {
	var m debate.Match
	var lineup, judges, live string
	var locked int
	if err := s.Scan(&m.ID, &m.TournamentID, &m.Round, &m.Kind, &m.Slot, &m.Pro, &m.Con, &m.Motion, &lineup, &judges, &live, &locked, &m.Decision, &m.Reason, &m.Version); err != nil {
		return debate.Match{}, err
	}
	m.Locked = locked != 0
	for _, x := range []struct {
		s string
		v any
	}{{lineup, &m.Lineup}, {judges, &m.Judges}, {live, &m.Live}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return debate.Match{}, fmt.Errorf("match %d: %w", m.ID, err)
		}
	}
	if m.Live.Clock != nil {
		m.Live.Clock.Since = m.Live.Clock.Since.UTC()
	}
	m.Live.StartedAt = m.Live.StartedAt.UTC()
	return m, nil
}

func (s *Debate) Matches(ctx context.Context, tournamentID int64) ([]debate.Match, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+matchColumns+" FROM debate_matches WHERE tournament_id = $1 ORDER BY round, id", tournamentID)
	if err != nil {
		return nil, fmt.Errorf("matches: %w", err)
	}
	defer rows.Close()
	out := []debate.Match{}
	for rows.Next() {
		m, err := scanMatch(rows)
		if err != nil {
			return nil, fmt.Errorf("matches: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Debate) Match(ctx context.Context, id int64) (debate.Match, error) {
	m, err := scanMatch(s.db.sql.QueryRowContext(ctx, "SELECT "+matchColumns+" FROM debate_matches WHERE id = $1", id))
	if err != nil {
		return debate.Match{}, notFound(err, "match %d not found", id)
	}
	return m, nil
}

func (s *Debate) UpdateMatch(ctx context.Context, m debate.Match) error {
	_, judges, live, err := matchJSON(m)
	if err != nil {
		return fmt.Errorf("update match: %w", err)
	}
	locked := 0
	if m.Locked {
		locked = 1
	}
	res, err := s.db.sql.ExecContext(ctx, `UPDATE debate_matches SET judges = $1, live = $2, locked = $3, decision = $4, reason = $5, version = version + 1
		WHERE id = $6 AND version = $7`, judges, live, locked, string(m.Decision), m.Reason, m.ID, m.Version)
	if err != nil {
		return fmt.Errorf("update match: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Match(ctx, m.ID); err != nil {
			return err
		}
		return fault.Conflictf("the match changed meanwhile; try again")
	}
	return nil
}

func (s *Debate) SaveBallot(ctx context.Context, tournamentID int64, b debate.Ballot) error {
	body, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("save ballot: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		// the version bump takes the match row first: a lock that read the
		// ballots before this one fails its compare-and-set and retries
		res, err := tx.ExecContext(ctx, "UPDATE debate_matches SET version = version + 1 WHERE id = $1 AND locked = 0", b.MatchID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.Conflictf("the match is locked: its ballots can no longer change")
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO debate_ballots (match_id, judge_id, tournament_id, body, at) VALUES ($1, $2, $3, $4, $5)",
			b.MatchID, b.JudgeID, tournamentID, string(body), b.At.UTC()); err != nil {
			if isUnique(err) {
				return fault.Conflictf("your ballot for this match is submitted and final")
			}
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM debate_drafts WHERE match_id = $1 AND judge_id = $2", b.MatchID, b.JudgeID)
		return err
	})
	if err != nil {
		if _, ok := fault.As(err); ok {
			return err
		}
		if isForeignKey(err) {
			return fault.NotFoundf("the match or the judge does not exist")
		}
		return fmt.Errorf("save ballot: %w", err)
	}
	return nil
}

func scanBallot(s scanner) (debate.Ballot, error) {
	var body string
	if err := s.Scan(&body); err != nil {
		return debate.Ballot{}, err
	}
	var b debate.Ballot
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return debate.Ballot{}, fmt.Errorf("ballot: %w", err)
	}
	b.At = b.At.UTC()
	return b, nil
}

func (s *Debate) Ballot(ctx context.Context, matchID, judgeID int64) (debate.Ballot, error) {
	b, err := scanBallot(s.db.sql.QueryRowContext(ctx, "SELECT body FROM debate_ballots WHERE match_id = $1 AND judge_id = $2", matchID, judgeID))
	if err != nil {
		return debate.Ballot{}, notFound(err, "no ballot of judge %d for match %d", judgeID, matchID)
	}
	return b, nil
}

func (s *Debate) ballots(ctx context.Context, q string, arg int64) ([]debate.Ballot, error) {
	rows, err := s.db.sql.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("ballots: %w", err)
	}
	defer rows.Close()
	out := []debate.Ballot{}
	for rows.Next() {
		b, err := scanBallot(rows)
		if err != nil {
			return nil, fmt.Errorf("ballots: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s *Debate) Ballots(ctx context.Context, tournamentID int64) ([]debate.Ballot, error) {
	return s.ballots(ctx, "SELECT body FROM debate_ballots WHERE tournament_id = $1 ORDER BY match_id, judge_id", tournamentID)
}

func (s *Debate) MatchBallots(ctx context.Context, matchID int64) ([]debate.Ballot, error) {
	return s.ballots(ctx, "SELECT body FROM debate_ballots WHERE match_id = $1 ORDER BY judge_id", matchID)
}

func (s *Debate) Changes(ctx context.Context, matchID int64) (int64, error) {
	var n int64
	err := s.db.sql.QueryRowContext(ctx, `SELECT t.version + (SELECT COALESCE(SUM(m.version), 0) FROM debate_matches m WHERE m.tournament_id = t.id)
		FROM debate_tournaments t WHERE t.id = (SELECT tournament_id FROM debate_matches WHERE id = $1)`, matchID).Scan(&n)
	if err != nil {
		return 0, notFound(err, "match %d not found", matchID)
	}
	return n, nil
}
