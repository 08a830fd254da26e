package debate

import (
	"context"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// CanSeeBallot is the one rule for what a viewer learns of a judge's
// ballot on the live board: the organizer always; everyone else only the
// ballots of a locked match the console revealed (seat < Revealed, seats
// in panel order), never with the judge's name.
func CanSeeBallot(m Match, v judging.Viewer, seat int) bool {
	return v.Organizer || (m.Locked && seat < m.Live.Revealed)
}

// CanSeeResult says whether the viewer sees the match's result and best
// debater: the organizer once ballots are in; everyone else after the
// lock when the console shows it.
func CanSeeResult(m Match, v judging.Viewer) bool {
	return v.Organizer || (m.Locked && m.Live.Result)
}

// BoardBallot is one seat of the panel on the board.
type BoardBallot struct {
	Seat      int    `json:"seat"` // 评委1…n
	Submitted bool   `json:"submitted"`
	Shown     bool   `json:"shown"`
	JudgeID   int64  `json:"judgeId,omitempty"` // the organizer's board only
	Judge     string `json:"judge,omitempty"`
	Winner    Side   `json:"winner,omitempty"`
	// Totals is the ballot's team score per side (stages + overall).
	Totals map[Side]float64 `json:"totals,omitempty"`
	Best   int64            `json:"best,omitempty"`
	// Speakers is the ballot's individual scores.
	Speakers map[int64]float64 `json:"speakers,omitempty"`
}

// Board is what the big screen, the console and the pads draw of a match.
type Board struct {
	TournamentID int64                    `json:"tournamentId"`
	Title        string                   `json:"title"`
	MatchID      int64                    `json:"matchId"`
	Round        int                      `json:"round"`
	Kind         string                   `json:"kind"`
	Final        bool                     `json:"final,omitempty"` // the knockout's last match
	Motion       string                   `json:"motion"`
	Stages       []Stage                  `json:"stages"`
	Pro          Team                     `json:"pro"`
	Con          Team                     `json:"con"`
	Lineup       map[Side][Debaters]int64 `json:"lineup"`
	Live         Live                     `json:"live"`
	Locked       bool                     `json:"locked"`
	Version      int64                    `json:"version"`
	ServerTime   time.Time                `json:"serverTime"`
	Ballots      []BoardBallot            `json:"ballots"`
	Outcome      *Outcome                 `json:"outcome,omitempty"`
	BestName     string                   `json:"bestName,omitempty"`
	Standings    *Table                   `json:"standings,omitempty"`
}

// Snap is one read of everything a match's boards are made of.
type Snap struct {
	t       Tournament
	m       Match
	st      state
	version int64
}

// Snapshot reads a match's board state once (the edge prepares one board
// per audience from it with Board).
func (s *Service) Snapshot(ctx context.Context, matchID int64) (Snap, error) {
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Snap{}, err
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return Snap{}, err
	}
	n, err := s.store.Changes(ctx, matchID)
	if err != nil {
		return Snap{}, err
	}
	return Snap{t: t, m: m, st: st, version: n}, nil
}

// Tournament is the snapshot's tournament.
func (sn Snap) Tournament() Tournament { return sn.t }

// Match is the snapshot's match.
func (sn Snap) Match() Match { return sn.m }

// Version is Store.Changes at the read.
func (sn Snap) Version() int64 { return sn.version }

// Board builds the board for a viewer (CanSeeBallot, CanSeeResult).
func (sn Snap) Board(v judging.Viewer, now time.Time) Board {
	m, st := sn.m, sn.st
	b := Board{TournamentID: sn.t.ID, Title: sn.t.Title, MatchID: m.ID, Round: m.Round, Kind: m.Kind, Motion: m.Motion,
		Stages: sn.t.Format.Stages, Pro: st.byID[m.Pro], Con: st.byID[m.Con], Lineup: m.Lineup, Live: m.Live, Locked: m.Locked,
		Version: sn.version, ServerTime: now.UTC(), Ballots: make([]BoardBallot, len(m.Judges))}
	for _, r := range st.rounds {
		if r.Number == m.Round && r.Kind == KindKnockout && len(r.Bracket) == 1 {
			b.Final = true
		}
	}
	by := map[int64]Ballot{}
	for _, x := range st.ballots[m.ID] {
		by[x.JudgeID] = x
	}
	for i, j := range m.Judges {
		bb := BoardBallot{Seat: i + 1}
		x, ok := by[j]
		bb.Submitted = ok
		if v.Organizer {
			bb.JudgeID = j
			if jj, ok := sn.t.Judge(j); ok {
				bb.Judge = jj.Name
			}
		}
		if ok && CanSeeBallot(m, v, i) {
			bb.Shown = true
			bb.Winner, bb.Best, bb.Speakers = x.Winner, x.Best, x.Speakers
			if sn.t.Format.Parts.Stages || sn.t.Format.Parts.Overall {
				t := TeamTotals(sn.t.Format, x)
				bb.Totals = map[Side]float64{Pro: t[Pro].Points(), Con: t[Con].Points()}
			}
		}
		b.Ballots[i] = bb
	}
	if len(by) > 0 && CanSeeResult(m, v) {
		if o, err := st.outcome(m); err == nil {
			b.Outcome = &o
			for _, x := range st.teams {
				for _, d := range x.Debaters {
					if d.ID == o.Best {
						b.BestName = d.Name
					}
				}
			}
		}
	}
	if m.Live.Standings || v.Organizer {
		if tb, err := st.tableFor(v); err == nil {
			b.Standings = &tb
		}
	}
	return b
}

// Changes is Store.Changes: it grows with every change a match's board shows.
func (s *Service) Changes(ctx context.Context, matchID int64) (int64, error) {
	return s.store.Changes(ctx, matchID)
}
