package debate

import (
	"context"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// The tournament screen is the hall's big screen between matches: the
// standings with every tie-breaker, the speaker ranking with the best
// debater so far, the latest round's draw (with the notes that explain
// it and the bye) and the knockout bracket (projected from the standings
// until it is drawn). A match's winner shows on it under the same rule
// as on the match screen (CanSeeResult for the public).

// ScreenMatch is a match of the latest round or the bracket.
type ScreenMatch struct {
	MatchID int64  `json:"matchId,omitempty"`
	Pro     int64  `json:"pro"`
	Con     int64  `json:"con,omitempty"` // 0: a bye
	ProName string `json:"proName"`
	ConName string `json:"conName,omitempty"`
	SeedA   int    `json:"seedA,omitempty"`
	SeedB   int    `json:"seedB,omitempty"`
	Locked  bool   `json:"locked,omitempty"`
	Winner  Side   `json:"winner,omitempty"` // once the console showed the result
	Notes   []Note `json:"notes,omitempty"`
}

// ScreenRound is a round on the tournament screen.
type ScreenRound struct {
	Number  int           `json:"number"`
	Kind    string        `json:"kind"`
	Motion  string        `json:"motion"`
	Final   bool          `json:"final,omitempty"`
	Matches []ScreenMatch `json:"matches"`
	Bye     string        `json:"bye,omitempty"`
	Notes   []Note        `json:"notes,omitempty"`
}

// TournamentScreen is what the tournament screen draws.
type TournamentScreen struct {
	TournamentID int64         `json:"tournamentId"`
	Title        string        `json:"title"`
	Status       Status        `json:"status"`
	Prelims      int           `json:"prelims"`
	Break        int           `json:"break"`
	Version      int64         `json:"version"`
	ServerTime   time.Time     `json:"serverTime"`
	Table        Table         `json:"table"`
	Round        *ScreenRound  `json:"round,omitempty"`
	Bracket      []ScreenRound `json:"bracket"`
	// Projected says the bracket is the standings' seeding, not yet drawn.
	Projected bool   `json:"projected,omitempty"`
	Champion  string `json:"champion,omitempty"`
	// Teams names every team (the notes name teams by id).
	Teams map[int64]string `json:"teams"`
}

// Screen builds the tournament screen (public: what the consoles showed).
func (s *Service) Screen(ctx context.Context, id int64, now time.Time) (TournamentScreen, error) {
	t, err := s.store.Tournament(ctx, id)
	if err != nil {
		return TournamentScreen{}, err
	}
	n, err := s.store.TournamentChanges(ctx, id)
	if err != nil {
		return TournamentScreen{}, err
	}
	st, err := s.load(ctx, t)
	if err != nil {
		return TournamentScreen{}, err
	}
	tb, err := st.publicTable() // released results only
	if err != nil {
		return TournamentScreen{}, err
	}
	out := TournamentScreen{TournamentID: t.ID, Title: t.Title, Status: t.Status, Prelims: t.Prelims, Break: t.Break, Version: n,
		ServerTime: now.UTC(), Table: tb, Bracket: []ScreenRound{}, Teams: map[int64]string{}}
	for _, x := range st.teams {
		out.Teams[x.ID] = x.Name
	}
	public := judging.Viewer{}
	view := func(m Match) ScreenMatch {
		sm := ScreenMatch{MatchID: m.ID, Pro: m.Pro, Con: m.Con, ProName: out.Teams[m.Pro], ConName: out.Teams[m.Con], Locked: m.Locked}
		if CanSeeResult(m, public) {
			if o, err := st.outcome(m); err == nil {
				sm.Winner = o.Winner
			}
		}
		return sm
	}
	if last, ok := st.lastRound(); ok {
		r := ScreenRound{Number: last.Number, Kind: last.Kind, Motion: last.Motion, Final: last.Kind == KindKnockout && len(last.Bracket) == 1, Matches: []ScreenMatch{}, Notes: last.Draw.Notes}
		for _, m := range st.matches {
			if m.Round != last.Number {
				continue
			}
			sm := view(m)
			for _, p := range last.Draw.Pairings {
				if p.Pro == m.Pro && p.Con == m.Con {
					sm.Notes = p.Notes
				}
			}
			r.Matches = append(r.Matches, sm)
		}
		if last.Draw.Bye != 0 {
			r.Bye = out.Teams[last.Draw.Bye]
		}
		out.Round = &r
	}
	for _, r := range st.rounds {
		if r.Kind != KindKnockout {
			continue
		}
		br := ScreenRound{Number: r.Number, Kind: r.Kind, Motion: r.Motion, Final: len(r.Bracket) == 1, Matches: []ScreenMatch{}}
		for slot, b := range r.Bracket {
			sm := ScreenMatch{Pro: b.A, Con: b.B, ProName: out.Teams[b.A], ConName: out.Teams[b.B], SeedA: b.SeedA, SeedB: b.SeedB}
			for _, m := range st.matches {
				if m.Round == r.Number && m.Slot == slot {
					v := view(m)
					sm.MatchID, sm.Locked, sm.Winner = v.MatchID, v.Locked, v.Winner
				}
			}
			if br.Final && sm.Winner.Valid() {
				out.Champion = out.Teams[map[Side]int64{Pro: sm.Pro, Con: sm.Con}[sm.Winner]]
			}
			br.Matches = append(br.Matches, sm)
		}
		out.Bracket = append(out.Bracket, br)
	}
	if len(out.Bracket) == 0 && t.Break >= 2 {
		var seeds []int64
		for _, r := range tb.Rows {
			if !r.Withdrawn && len(seeds) < t.Break {
				seeds = append(seeds, r.TeamID)
			}
		}
		if bm, err := Bracket(seeds); err == nil {
			br := ScreenRound{Kind: KindKnockout, Final: len(bm) == 1, Matches: []ScreenMatch{}}
			for _, b := range bm {
				br.Matches = append(br.Matches, ScreenMatch{Pro: b.A, Con: b.B, ProName: out.Teams[b.A], ConName: out.Teams[b.B], SeedA: b.SeedA, SeedB: b.SeedB})
			}
			out.Bracket, out.Projected = []ScreenRound{br}, true
		}
	}
	return out, nil
}

// TournamentChanges grows with every change the tournament screen shows.
func (s *Service) TournamentChanges(ctx context.Context, id int64) (int64, error) {
	return s.store.TournamentChanges(ctx, id)
}
