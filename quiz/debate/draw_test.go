package debate

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// tourney is a random tournament for the property tests.
type tourney struct {
	teams   []Team
	history []Result
	r       *rand.Rand
}

func newTourney(r *rand.Rand, n int) *tourney {
	units := 1 + r.IntN(n)
	t := &tourney{r: r}
	for i := range n {
		u := int64(1 + r.IntN(units))
		if r.IntN(5) == 0 {
			u = 0 // no unit
		}
		t.teams = append(t.teams, Team{ID: int64(100 + i), UnitID: u})
	}
	return t
}

func (t *tourney) judge(d Draw) {
	if d.Bye != 0 {
		t.history = append(t.history, Result{Round: d.Round, Pro: d.Bye, Bye: true})
	}
	for _, p := range d.Pairings {
		w := Pro
		if t.r.IntN(2) == 0 {
			w = Con
		}
		v := map[Side]int{w: 2 + t.r.IntN(2)}
		v[w.Other()] = 3 - v[w]
		if v[w.Other()] < 0 {
			v[w.Other()] = 0
		}
		t.history = append(t.history, Result{Round: d.Round, Pro: p.Pro, Con: p.Con, Winner: w, Votes: v,
			Points: map[Side]judging.Micro{Pro: judging.Micro(t.r.Int64N(200e6)), Con: judging.Micro(t.r.Int64N(200e6))}})
	}
}

func (t *tourney) active() []Team {
	var out []Team
	for _, x := range t.teams {
		if !x.Withdrawn {
			out = append(out, x)
		}
	}
	return out
}

// oracle says whether some draw (any bye among the teams with the fewest
// byes) pairs everyone with no pair failing ok. Exhaustive, no memo.
func oracle(active []Team, recs map[int64]*record, ok func(a, b Team) bool) bool {
	byes := func(id int64) int {
		if r := recs[id]; r != nil {
			return r.byes
		}
		return 0
	}
	var rec func(left []Team) bool
	rec = func(left []Team) bool {
		if len(left) == 0 {
			return true
		}
		a := left[0]
		for j := 1; j < len(left); j++ {
			if !ok(a, left[j]) {
				continue
			}
			rest := append(append([]Team{}, left[1:j]...), left[j+1:]...)
			if rec(rest) {
				return true
			}
		}
		return false
	}
	if len(active)%2 == 0 {
		return rec(active)
	}
	least := 1 << 30
	for _, x := range active {
		least = min(least, byes(x.ID))
	}
	for i, x := range active {
		if byes(x.ID) != least {
			continue
		}
		rest := append(append([]Team{}, active[:i]...), active[i+1:]...)
		if rec(rest) {
			return true
		}
	}
	return false
}

// forced counts draws where the oracle confirmed a rematch or a same-unit
// pair was unavoidable, so the test knows it exercised those paths.
var forced struct{ rematch, sameUnit int }

func checkDraw(t *testing.T, tr *tourney, d Draw, small bool) {
	t.Helper()
	act := tr.active()
	recs := records(tr.history)
	seen := map[int64]int{}
	unit := map[int64]int64{}
	for _, x := range act {
		unit[x.ID] = x.UnitID
	}
	if d.Bye != 0 {
		seen[d.Bye]++
	}
	rematches, sameUnits := 0, 0
	for _, p := range d.Pairings {
		seen[p.Pro]++
		seen[p.Con]++
		if p.Pro == p.Con {
			t.Fatalf("team %d meets itself", p.Pro)
		}
		if r := recs[p.Pro]; r != nil {
			if _, ok := r.met[p.Con]; ok {
				rematches++
			}
		}
		if unit[p.Pro] != 0 && unit[p.Pro] == unit[p.Con] {
			sameUnits++
		}
		// sides: the team less often 正方 takes 正方
		dp, dc := 0, 0
		if r := recs[p.Pro]; r != nil {
			dp = r.pro - r.con
		}
		if r := recs[p.Con]; r != nil {
			dc = r.pro - r.con
		}
		if dp > dc {
			t.Fatalf("round %d: %d (pro−con %d) is 正方 against %d (pro−con %d)", d.Round, p.Pro, dp, p.Con, dc)
		}
	}
	if len(seen) != len(act) {
		t.Fatalf("round %d: %d teams drawn, %d active", d.Round, len(seen), len(act))
	}
	for _, x := range act {
		if seen[x.ID] != 1 {
			t.Fatalf("round %d: team %d drawn %d times", d.Round, x.ID, seen[x.ID])
		}
	}
	if (len(act)%2 == 1) != (d.Bye != 0) {
		t.Fatalf("round %d: %d active, bye %d", d.Round, len(act), d.Bye)
	}
	if d.Bye != 0 {
		least := 1 << 30
		for _, x := range act {
			b := 0
			if r := recs[x.ID]; r != nil {
				b = r.byes
			}
			least = min(least, b)
		}
		if r := recs[d.Bye]; r != nil && r.byes != least {
			t.Fatalf("round %d: bye to %d with %d byes; someone has %d", d.Round, d.Bye, r.byes, least)
		}
	}
	met := func(a, b Team) bool {
		if r := recs[a.ID]; r != nil {
			_, ok := r.met[b.ID]
			return ok
		}
		return false
	}
	same := func(a, b Team) bool { return a.UnitID != 0 && a.UnitID == b.UnitID }
	if rematches > 0 {
		if !small {
			t.Fatalf("round %d: %d rematches among %d teams", d.Round, rematches, len(act))
		}
		if oracle(act, recs, func(a, b Team) bool { return !met(a, b) }) {
			t.Fatalf("round %d: %d rematches though a draw without one exists", d.Round, rematches)
		}
		forced.rematch++
	}
	if sameUnits > 0 && small && oracle(act, recs, func(a, b Team) bool { return !met(a, b) && !same(a, b) }) {
		t.Fatalf("round %d: %d same-unit pairs though a draw without rematches or same-unit pairs exists", d.Round, sameUnits)
	}
	if sameUnits > 0 && small {
		forced.sameUnit++
	}
}

// TestDrawProperties runs random tournaments through the draw: every
// active team is drawn once per round, a rematch only when no draw avoids
// it (exhaustive oracle for small fields; for 12+ teams and ≤6 rounds one
// always exists, by Dirac's theorem), same-unit pairs only when needed,
// byes to the fewest-byes teams, sides balanced, draws reproducible.
func TestDrawProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	runs := 300
	if testing.Short() {
		runs = 120
	}
	for run := range runs {
		n := 8 + r.IntN(57)
		if run%2 == 0 {
			n = 8 + r.IntN(6) // small fields: the oracle checks every round
		}
		rounds := 3 + r.IntN(4)
		if run%4 == 1 {
			n, rounds = 8+r.IntN(3), 6 // tight fields: rematches get forced
		}
		tr := newTourney(r, n)
		for round := 1; round <= rounds; round++ {
			if round > 1 && r.IntN(6) == 0 && len(tr.active()) > 6 {
				act := tr.active()
				w := act[r.IntN(len(act))].ID
				for i := range tr.teams {
					if tr.teams[i].ID == w {
						tr.teams[i].Withdrawn = true
					}
				}
			}
			seed := r.Uint64()
			d, err := MakeDraw(tr.teams, tr.history, round, seed)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := MakeDraw(tr.teams, tr.history, round, seed)
			if !reflect.DeepEqual(d, again) {
				t.Fatalf("run %d round %d: same input, different draws", run, round)
			}
			checkDraw(t, tr, d, len(tr.active()) <= 13)
			tr.judge(d)
		}
		// byes fair: among teams active throughout, byes differ by at most one
		recs := records(tr.history)
		lo, hi := 1<<30, 0
		for _, x := range tr.teams {
			if x.Withdrawn {
				continue
			}
			b := 0
			if rc := recs[x.ID]; rc != nil {
				b = rc.byes
			}
			lo, hi = min(lo, b), max(hi, b)
		}
		if hi-lo > 1 {
			t.Fatalf("run %d: byes range %d…%d", run, lo, hi)
		}
	}
	t.Logf("forced rematches %d, forced same-unit draws %d", forced.rematch, forced.sameUnit)
	if forced.rematch == 0 || forced.sameUnit == 0 {
		t.Fatalf("the random tournaments never forced a rematch (%d) or a same-unit pair (%d): the oracle went unexercised", forced.rematch, forced.sameUnit)
	}
}
