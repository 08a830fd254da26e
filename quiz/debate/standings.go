package debate

import (
	"cmp"
	"slices"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Tie-breakers, in the order the standings may use them.
const (
	TieWins    = "wins"
	TieBallots = "ballots" // votes carried
	TieSpeaks  = "speaks"  // total speaker score
	TieH2H     = "h2h"     // who beat whom, when exactly two teams are tied
	TieDraw    = "draw"    // the seeded lot (抽签)
)

// DefaultTieBreakers is the order.
var DefaultTieBreakers = []string{TieWins, TieBallots, TieSpeaks, TieH2H, TieDraw}

// CheckTieBreakers validates an ordered list (each once, wins-first not required).
func CheckTieBreakers(list []string) error {
	seen := map[string]bool{}
	for i, k := range list {
		ok := slices.Contains(DefaultTieBreakers, k)
		if !ok || seen[k] {
			return fault.InvalidField("tieBreakers["+itoa(i)+"]", "wins, ballots, speaks, h2h or draw, each once")
		}
		seen[k] = true
	}
	if len(list) == 0 {
		return fault.InvalidField("tieBreakers", "at least one")
	}
	return nil
}

// Row is a team's line of the standings, with every tie-breaker's column.
type Row struct {
	TeamID  int64   `json:"teamId"`
	Rank    int     `json:"rank"` // equal for teams no tie-breaker separates
	Wins    int     `json:"wins"`
	Ballots int     `json:"ballots"`
	Speaks  float64 `json:"speaks"`
	// H2H is the wins against the teams tied with it when the head-to-head
	// rule was applied (nil when it never applied).
	H2H       *int `json:"h2h,omitempty"`
	Lot       int  `json:"lot"` // position in the seeded lot, 1…
	Byes      int  `json:"byes"`
	Rounds    int  `json:"rounds"` // debates (byes excluded)
	Withdrawn bool `json:"withdrawn,omitempty"`
	// DecidedBy is the tie-breaker that placed this team below the
	// previous one ("" for the first, or a shared rank).
	DecidedBy string `json:"decidedBy,omitempty"`

	points judging.Micro
}

// Standings ranks the teams by the ordered tie-breakers. Withdrawn teams
// keep their results and are listed.
func Standings(teams []Team, results []Result, order []string, seed uint64) ([]Row, error) {
	if err := CheckTieBreakers(order); err != nil {
		return nil, err
	}
	if len(teams) == 0 {
		return []Row{}, nil
	}
	recs := records(results)
	ids := make([]int64, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	lots := lot(ids, seed)
	rows := make([]Row, len(teams))
	for i, t := range teams {
		r := Row{TeamID: t.ID, Lot: lots[t.ID] + 1, Withdrawn: t.Withdrawn}
		if rc := recs[t.ID]; rc != nil {
			r.Wins, r.Ballots, r.points, r.Byes, r.Rounds = rc.wins, rc.ballots, rc.points, rc.byes, rc.rounds
			r.Speaks = rc.points.Points()
		}
		rows[i] = r
	}
	// beat[a][b]: a's wins over b
	beat := map[[2]int64]int{}
	for _, x := range results {
		if x.Bye || !x.Winner.Valid() {
			continue
		}
		w, l := x.Pro, x.Con
		if x.Winner == Con {
			w, l = l, w
		}
		beat[[2]int64{w, l}]++
	}
	groups := [][]*Row{make([]*Row, 0, len(rows))}
	for i := range rows {
		groups[0] = append(groups[0], &rows[i])
	}
	slices.SortFunc(groups[0], func(a, b *Row) int { return cmp.Compare(a.Lot, b.Lot) }) // stable base
	for _, key := range order {
		var next [][]*Row
		for _, g := range groups {
			if len(g) == 1 {
				next = append(next, g)
				continue
			}
			next = append(next, split(g, key, beat)...)
		}
		groups = next
	}
	out := make([]Row, 0, len(rows))
	for _, g := range groups {
		rank := len(out) + 1
		for i, r := range g {
			r.Rank = rank
			if i > 0 {
				r.DecidedBy = "" // shares the rank above
			}
			out = append(out, *r)
		}
	}
	return out, nil
}

// split orders a tied group by one tie-breaker into subgroups, marking
// each subgroup's first team with the tie-breaker that placed it.
func split(g []*Row, key string, beat map[[2]int64]int) [][]*Row {
	// the group's own boundary (how it was placed below the team above)
	// moves to whichever team now leads it
	inherited := g[0].DecidedBy
	g[0].DecidedBy = ""
	out := splitBy(g, key, beat)
	out[0][0].DecidedBy = inherited
	return out
}

func splitBy(g []*Row, key string, beat map[[2]int64]int) [][]*Row {
	var val func(r *Row) int64
	switch key {
	case TieWins:
		val = func(r *Row) int64 { return int64(r.Wins) }
	case TieBallots:
		val = func(r *Row) int64 { return int64(r.Ballots) }
	case TieSpeaks:
		val = func(r *Row) int64 { return int64(r.points) }
	case TieDraw:
		val = func(r *Row) int64 { return -int64(r.Lot) }
	case TieH2H:
		if len(g) != 2 {
			return [][]*Row{g}
		}
		a, b := g[0], g[1]
		wa, wb := beat[[2]int64{a.TeamID, b.TeamID}], beat[[2]int64{b.TeamID, a.TeamID}]
		a.H2H, b.H2H = &wa, &wb
		switch {
		case wa > wb:
			b.DecidedBy = TieH2H
			return [][]*Row{{a}, {b}}
		case wb > wa:
			a.DecidedBy = TieH2H
			return [][]*Row{{b}, {a}}
		}
		return [][]*Row{g}
	}
	s := slices.Clone(g)
	slices.SortStableFunc(s, func(a, b *Row) int { return cmp.Compare(val(b), val(a)) })
	var out [][]*Row
	for i, r := range s {
		if i > 0 && val(r) == val(s[i-1]) {
			out[len(out)-1] = append(out[len(out)-1], r)
			continue
		}
		if i > 0 {
			r.DecidedBy = key
		}
		out = append(out, []*Row{r})
	}
	return out
}

// SpeakerRow is a debater's line of the speaker rankings.
type SpeakerRow struct {
	DebaterID int64   `json:"debaterId"`
	TeamID    int64   `json:"teamId"`
	Rank      int     `json:"rank"`
	Total     float64 `json:"total"`
	Average   float64 `json:"average"`
	Speeches  int     `json:"speeches"`
	Best      int     `json:"best"` // 最佳辩手 of a match, how often

	total judging.Micro
}

// Speakers ranks debaters across rounds by total score, then average,
// then best-debater awards; debaters tied on all three share a rank. The
// best debater of the tournament is the first row when its rank is not
// shared (BestOfTournament).
func Speakers(results []Result) []SpeakerRow {
	by := map[int64]*SpeakerRow{}
	for _, x := range results {
		for _, s := range x.Speakers {
			r := by[s.DebaterID]
			if r == nil {
				r = &SpeakerRow{DebaterID: s.DebaterID, TeamID: s.TeamID}
				by[s.DebaterID] = r
			}
			r.total += micro(s.Score)
			r.Speeches++
		}
		if x.Best != 0 && by[x.Best] != nil {
			by[x.Best].Best++
		}
	}
	out := make([]SpeakerRow, 0, len(by))
	for _, r := range by {
		r.Total = r.total.Points()
		r.Average = float64(r.total) / float64(r.Speeches) / 1e6
		out = append(out, *r)
	}
	c := func(a, b SpeakerRow) int {
		// averages compared exactly: a.total/a.n vs b.total/b.n
		return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(int64(b.total)*int64(a.Speeches), int64(a.total)*int64(b.Speeches)),
			cmp.Compare(b.Best, a.Best))
	}
	slices.SortFunc(out, func(a, b SpeakerRow) int { return cmp.Or(c(a, b), cmp.Compare(a.DebaterID, b.DebaterID)) })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && c(out[i-1], out[i]) == 0 {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

// BestOfTournament is the top speaker, or 0 when the top rank is shared.
func BestOfTournament(rows []SpeakerRow) int64 {
	if len(rows) == 0 || len(rows) > 1 && rows[1].Rank == rows[0].Rank {
		return 0
	}
	return rows[0].DebaterID
}
