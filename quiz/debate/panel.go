package debate

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Panel note codes.
const (
	PanelShort = "panel_short" // fewer eligible judges than the panel size
	PanelEven  = "panel_even"  // an even panel: a split vote falls to the team totals
)

// PanelNote tells the organizer why a match's panel is not what was asked.
type PanelNote struct {
	Code    string `json:"code"`
	MatchNo int    `json:"matchNo"` // 1-based position in the round
	Want    int    `json:"want"`
	Got     int    `json:"got"`
	// Recused is how many judges of the pool share a unit with a team;
	// Busy how many eligible judges sit on other matches of the round.
	Recused int    `json:"recused"`
	Busy    int    `json:"busy"`
	Detail  string `json:"detail"`
}

// AssignPanels seats up to size judges on each match of a round: never a
// judge of either team's unit (回避), no judge on two matches of the round,
// loads (past panels) balanced, ties by a seeded lot. The matches with the
// fewest eligible judges are seated first. A match that cannot get a full
// panel gets what it can and a note saying why.
func AssignPanels(matches []Match, pool []judging.Judge, size int, teams map[int64]Team, load map[int64]int, seed uint64) ([][]int64, []PanelNote) {
	ids := make([]int64, len(pool))
	unit := map[int64]int64{}
	for i, j := range pool {
		ids[i] = j.UserID
		unit[j.UserID] = j.UnitID
	}
	lots := lot(ids, seed)
	eligible := func(m Match, j int64) bool { return Recusal(unit[j], m, teams) == "" }
	order := make([]int, len(matches))
	count := make([]int, len(matches))
	for i, m := range matches {
		order[i] = i
		for _, j := range ids {
			if eligible(m, j) {
				count[i]++
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(count[a], count[b]) })
	// seats are filled round-robin (every match's first seat, then every
	// second seat …) so a short pool thins every panel evenly
	used := map[int64]bool{}
	out := make([][]int64, len(matches))
	for seat := 0; seat < size; seat++ {
		for _, i := range order {
			var best int64
			for _, j := range ids {
				if used[j] || !eligible(matches[i], j) {
					continue
				}
				if best == 0 || cmp.Or(cmp.Compare(load[j], load[best]), cmp.Compare(lots[j], lots[best])) < 0 {
					best = j
				}
			}
			if best != 0 {
				used[best] = true
				out[i] = append(out[i], best)
			}
		}
	}
	var notes []PanelNote
	for i, m := range matches {
		// seats in pool order (评委1…n stay stable across rounds)
		slices.SortFunc(out[i], func(a, b int64) int { return cmp.Compare(slices.Index(ids, a), slices.Index(ids, b)) })
		got := len(out[i])
		if got < size {
			recused, busy := len(ids)-count[i], 0
			for _, j := range ids {
				if eligible(m, j) && !slices.Contains(out[i], j) {
					busy++
				}
			}
			notes = append(notes, PanelNote{Code: PanelShort, MatchNo: i + 1, Want: size, Got: got, Recused: recused, Busy: busy,
				Detail: fmt.Sprintf("match %d has %d of %d judges: %d of the pool's %d share a unit with a team, %d sit on other matches of the round", i+1, got, size, recused, len(ids), busy)})
		}
		if got > 0 && got%2 == 0 {
			notes = append(notes, PanelNote{Code: PanelEven, MatchNo: i + 1, Want: size, Got: got, Detail: "an even panel: a split vote falls to the team totals"})
		}
	}
	slices.SortStableFunc(notes, func(a, b PanelNote) int { return cmp.Compare(a.MatchNo, b.MatchNo) })
	return out, notes
}

// CheckPanel checks a panel the organizer sets by hand: judges of the
// pool, each once, none recused (422 naming judges[i]).
func CheckPanel(m Match, judges []int64, pool []judging.Judge, teams map[int64]Team) error {
	fs := fault.Fields{}
	fs.Check(len(judges) == 0 || len(judges) > 15, "judges", "1 to 15 judges")
	seen := map[int64]bool{}
	for i, id := range judges {
		p := "judges[" + itoa(i) + "]"
		var j *judging.Judge
		for k := range pool {
			if pool[k].UserID == id {
				j = &pool[k]
			}
		}
		switch {
		case j == nil:
			fs.Add(p, "not a judge of the tournament's pool")
		case seen[id]:
			fs.Add(p, "a judge sits once")
		case Recusal(j.UnitID, m, teams) != "":
			fs.Add(p, "recusal (回避): the judge's unit has a team in this match")
		}
		seen[id] = true
	}
	return fs.Err()
}
