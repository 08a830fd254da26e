package debate

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// MaxTeams bounds a tournament's active teams (the draw's search keys on
// a 256-bit set).
const MaxTeams = 256

// Note codes explain what the rules forced on a pairing.
const (
	NotePulledUp      = "pulled_up"       // the team meets a team with more wins
	NoteAvoidRematch  = "avoided_rematch" // the nearest-ranked opponent was skipped: they met before
	NoteAvoidSameUnit = "avoided_same_unit"
	NoteSameUnit      = "same_unit_unavoidable" // no draw without rematches keeps every pair of units apart
	NoteRematch       = "rematch_unavoidable"   // no legal draw avoids every rematch
	NoteSideSwapped   = "side_swapped"          // both teams were due the same side; this one did not get it
	NoteBye           = "bye"
	NoteSearchLimit   = "search_limit" // the search for a better draw hit its budget
)

// Note is one explained decision.
type Note struct {
	Code   string `json:"code"`
	Team   int64  `json:"team,omitempty"`
	Other  int64  `json:"other,omitempty"`
	Round  int    `json:"round,omitempty"` // the round they met (rematches)
	Detail string `json:"detail"`          // English; the UI translates by Code
}

// Pairing is one match of a draw.
type Pairing struct {
	Pro   int64  `json:"pro"`
	Con   int64  `json:"con"`
	Notes []Note `json:"notes,omitempty"`
}

// Draw is a round's pairings.
type Draw struct {
	Round    int       `json:"round"`
	Seed     uint64    `json:"seed"`
	Pairings []Pairing `json:"pairings"`
	Bye      int64     `json:"bye,omitempty"`
	Notes    []Note    `json:"notes,omitempty"` // bye and search notes
	// Order is the ranking the draw paired from (round 1: the shuffle).
	Order []int64 `json:"order"`
}

type rng uint64

func (s *rng) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// lot returns a team's position in the seeded lot (抽签), the last tie-break.
func lot(ids []int64, seed uint64) map[int64]int {
	out := map[int64]int{}
	for i, id := range judging.DrawOrder(ids, seed) {
		out[id] = i
	}
	return out
}

// MakeDraw draws a round. Round 1 (or any round with no results yet) is a
// seeded shuffle; later rounds are power-paired: teams ranked by wins,
// then ballots, then speaker points, then the seeded lot, each meeting the
// nearest-ranked team it may. A rematch is never drawn when any draw
// (with any fair bye) avoids it; same-unit pairs are avoided when a draw
// without rematches allows. Sides balance across rounds. Withdrawn teams
// are not drawn. The same input and seed give the same draw.
func MakeDraw(teams []Team, history []Result, round int, seed uint64) (Draw, error) {
	var active []Team
	for _, t := range teams {
		if !t.Withdrawn {
			active = append(active, t)
		}
	}
	if len(active) < 2 {
		return Draw{}, fault.Conflictf("a draw needs at least two active teams; there are %d", len(active))
	}
	if len(active) > MaxTeams {
		return Draw{}, fault.Conflictf("a draw takes at most %d teams; there are %d", MaxTeams, len(active))
	}
	recs := records(history)
	rec := func(id int64) *record {
		if r := recs[id]; r != nil {
			return r
		}
		r := &record{met: map[int64]int{}}
		recs[id] = r
		return r
	}
	ids := make([]int64, len(active))
	unit := map[int64]int64{}
	for i, t := range active {
		if _, dup := unit[t.ID]; dup || t.ID == 0 {
			return Draw{}, fault.InvalidField("teams", "team ids must be non-zero and unique")
		}
		ids[i] = t.ID
		unit[t.ID] = t.UnitID
	}
	lots := lot(ids, seed)
	order := slices.Clone(ids)
	slices.SortFunc(order, func(a, b int64) int {
		ra, rb := rec(a), rec(b)
		return cmp.Or(cmp.Compare(rb.wins, ra.wins), cmp.Compare(rb.ballots, ra.ballots),
			cmp.Compare(rb.points, ra.points), cmp.Compare(lots[a], lots[b]))
	})
	d := Draw{Round: round, Seed: seed, Order: order, Pairings: []Pairing{}}

	// Byes: the fewest byes so far, lowest-ranked first.
	byes := []int64{0}
	if len(order)%2 == 1 {
		least := rec(order[0]).byes
		for _, id := range order {
			least = min(least, rec(id).byes)
		}
		byes = byes[:0]
		for i := len(order) - 1; i >= 0; i-- {
			if rec(order[i]).byes == least {
				byes = append(byes, order[i])
			}
		}
	}
	met := func(a, b int64) bool { _, ok := rec(a).met[b]; return ok }
	same := func(a, b int64) bool { return unit[a] != 0 && unit[a] == unit[b] }
	phases := []struct {
		ok     func(a, b int64) bool
		late   func(a, b int64) bool // candidates tried after the others
		budget int
	}{
		{ok: func(a, b int64) bool { return !met(a, b) && !same(a, b) }, budget: budget / 10},
		{ok: func(a, b int64) bool { return !met(a, b) }, late: same, budget: budget},
		{ok: func(a, b int64) bool { return true }, late: met, budget: budget},
	}
	var pairs [][2]int
	var rest []int64
	bye := int64(0)
	limited := false
	for pi, ph := range phases {
		for _, b := range byes {
			rest = rest[:0]
			for _, id := range order {
				if id != b {
					rest = append(rest, id)
				}
			}
			if pi == 0 && !unitsFit(rest, unit) {
				continue // some unit has more than half the teams: phase 1 cannot succeed
			}
			g := newGraph(rest, ph.ok, ph.late)
			var hit bool
			pairs, hit = search(g, ph.budget)
			if pairs == nil && hit {
				limited = true
				if pi > 0 { // the ranked search ran out of budget: try most-constrained-first
					pairs = searchConstrained(g, ph.budget)
				}
			}
			if pairs != nil {
				bye = b
				break
			}
		}
		if pairs != nil {
			break
		}
	}
	if pairs == nil {
		return Draw{}, fault.Errorf(fault.Internal, "no draw found") // unreachable: the last phase allows every pair
	}
	if bye != 0 {
		d.Bye = bye
		d.Notes = append(d.Notes, Note{Code: NoteBye, Team: bye, Detail: fmt.Sprintf("odd number of teams: the lowest-ranked team with the fewest byes (%d) sits out and scores a win", rec(bye).byes)})
	}
	if limited {
		d.Notes = append(d.Notes, Note{Code: NoteSearchLimit, Detail: "the search for a better draw hit its budget; the draw is legal but may not be the best-ranked one"})
	}
	g := rng(seed ^ uint64(round)*0x2545f4914f6cdd1d)
	rank := map[int64]int{}
	for i, id := range rest {
		rank[id] = i
	}
	for _, pr := range pairs {
		a, b := rest[pr[0]], rest[pr[1]]
		var notes []Note
		ra, rb := rec(a), rec(b)
		if rb.wins < ra.wins && round > 1 {
			notes = append(notes, Note{Code: NotePulledUp, Team: b, Other: a, Detail: fmt.Sprintf("pulled up: %d wins against %d", rb.wins, ra.wins)})
		}
		for k := pr[0] + 1; k < pr[1]; k++ {
			c := rest[k]
			if partnerIndex(pairs, k) < pr[0] {
				continue // already paired before a's turn
			}
			if r, ok := ra.met[c]; ok {
				notes = append(notes, Note{Code: NoteAvoidRematch, Team: a, Other: c, Round: r, Detail: fmt.Sprintf("skipped a nearer-ranked team met in round %d", r)})
				break
			}
			if same(a, c) && !same(a, b) {
				notes = append(notes, Note{Code: NoteAvoidSameUnit, Team: a, Other: c, Detail: "skipped a nearer-ranked team of the same unit"})
				break
			}
		}
		if same(a, b) {
			notes = append(notes, Note{Code: NoteSameUnit, Team: a, Other: b, Detail: "same unit: no draw without rematches keeps every pair of units apart"})
		}
		if r, ok := ra.met[b]; ok {
			notes = append(notes, Note{Code: NoteRematch, Team: a, Other: b, Round: r, Detail: fmt.Sprintf("rematch of round %d: no legal draw avoids every rematch", r)})
		}
		pro, con, swapped := sides(a, b, ra, rb, &g)
		if swapped != 0 {
			notes = append(notes, Note{Code: NoteSideSwapped, Team: swapped, Detail: "both teams were due the same side"})
		}
		d.Pairings = append(d.Pairings, Pairing{Pro: pro, Con: con, Notes: notes})
	}
	return d, nil
}

func partnerIndex(pairs [][2]int, k int) int {
	for _, p := range pairs {
		if p[0] == k {
			return p[1]
		}
		if p[1] == k {
			return p[0]
		}
	}
	return -1
}

// sides balances sides: the team that has been 正方 less often (relative
// to 反方) takes 正方; equal histories go by a seeded coin, and when both
// were due the same side the one that missed it is named.
func sides(a, b int64, ra, rb *record, g *rng) (pro, con, swapped int64) {
	da, db := ra.pro-ra.con, rb.pro-rb.con
	switch {
	case da < db:
		return a, b, 0
	case db < da:
		return b, a, 0
	}
	pro, con = a, b
	if g.next()&1 == 1 {
		pro, con = b, a
	}
	if da != 0 { // both due the same side
		if da < 0 { // due pro: con missed it
			return pro, con, con
		}
		return pro, con, pro
	}
	return pro, con, 0
}

type set [MaxTeams / 64]uint64

func (s *set) add(i int)      { s[i>>6] |= 1 << (i & 63) }
func (s *set) del(i int)      { s[i>>6] &^= 1 << (i & 63) }
func (s *set) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }
func (s *set) first() int {
	for w, x := range s {
		if x != 0 {
			return w*64 + bits.TrailingZeros64(x)
		}
	}
	return -1
}

// budget bounds each search (nodes visited).
const budget = 200_000

// unitsFit says no unit holds more than half the teams (else some
// same-unit pair is unavoidable).
func unitsFit(ids []int64, unit map[int64]int64) bool {
	n := map[int64]int{}
	for _, id := range ids {
		if u := unit[id]; u != 0 {
			n[u]++
			if 2*n[u] > len(ids) {
				return false
			}
		}
	}
	return true
}

// graph is the ranked teams with which pairs are allowed, and which of
// those are tried late.
type graph struct {
	n    int
	ok   [][]bool
	late [][]bool
}

func newGraph(ids []int64, ok, late func(a, b int64) bool) graph {
	n := len(ids)
	g := graph{n: n, ok: make([][]bool, n), late: make([][]bool, n)}
	for i := range n {
		g.ok[i], g.late[i] = make([]bool, n), make([]bool, n)
		for j := range n {
			if i != j {
				g.ok[i][j] = ok(ids[i], ids[j])
				g.late[i][j] = late != nil && late(ids[i], ids[j])
			}
		}
	}
	return g
}

// search pairs the ranked teams: the highest-ranked unpaired team meets
// the nearest-ranked team it may (late candidates after the others),
// backtracking with a memo of the sets proven unpairable. It returns nil
// when no pairing exists, and hit when the budget ran out first.
func search(g graph, budget int) ([][2]int, bool) {
	n := g.n
	var all set
	for i := range n {
		all.add(i)
	}
	dead := map[set]bool{}
	pairs := make([][2]int, 0, n/2)
	nodes := 0
	var rec func(s set) bool
	rec = func(s set) bool {
		i := s.first()
		if i < 0 {
			return true
		}
		if dead[s] || nodes > budget {
			return false
		}
		nodes++
		s.del(i)
		for pass := range 2 {
			for j := i + 1; j < n; j++ {
				if !s.has(j) || !g.ok[i][j] || g.late[i][j] != (pass == 1) {
					continue
				}
				t := s
				t.del(j)
				pairs = append(pairs, [2]int{i, j})
				if rec(t) {
					return true
				}
				pairs = pairs[:len(pairs)-1]
			}
		}
		s.add(i)
		if nodes <= budget {
			dead[s] = true
		}
		return false
	}
	if rec(all) {
		return pairs, false
	}
	return nil, nodes > budget
}

// searchConstrained finds any pairing, always extending the team with the
// fewest partners left (a fallback when the ranked search runs out).
func searchConstrained(g graph, budget int) [][2]int {
	n := g.n
	var all set
	for i := range n {
		all.add(i)
	}
	pairs := make([][2]int, 0, n/2)
	nodes := 0
	dead := map[set]bool{}
	var rec func(s set, left int) bool
	rec = func(s set, left int) bool {
		if left == 0 {
			return true
		}
		if dead[s] || nodes > budget {
			return false
		}
		nodes++
		best, bestN := -1, n+1
		for i := range n {
			if !s.has(i) {
				continue
			}
			c := 0
			for j := range n {
				if g.ok[i][j] && s.has(j) {
					c++
				}
			}
			if c < bestN {
				best, bestN = i, c
			}
		}
		if bestN > 0 {
			t0 := s
			t0.del(best)
			for j := range n {
				if !t0.has(j) || !g.ok[best][j] {
					continue
				}
				t := t0
				t.del(j)
				pairs = append(pairs, [2]int{min(best, j), max(best, j)})
				if rec(t, left-2) {
					return true
				}
				pairs = pairs[:len(pairs)-1]
			}
		}
		if nodes <= budget {
			dead[s] = true
		}
		return false
	}
	if rec(all, n) {
		slices.SortFunc(pairs, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
		return pairs
	}
	return nil
}
