package appraisal

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// world builds a panel of judges per unit and documents per unit.
// judgesPer[u] judges and docsPer[u] documents belong to unit u+1.
func world(judgesPer, docsPer []int) (judging.Config, []judging.Entry) {
	var cfg judging.Config
	var entries []judging.Entry
	id := int64(100)
	for u, n := range judgesPer {
		for i := 0; i < n; i++ {
			id++
			cfg.Panel = append(cfg.Panel, judging.Judge{UserID: id, UnitID: int64(u + 1)})
		}
	}
	eid := int64(1000)
	for u, n := range docsPer {
		for i := 0; i < n; i++ {
			eid++
			entries = append(entries, judging.Entry{ID: eid, UnitID: int64(u + 1)})
		}
	}
	return cfg, entries
}

// check asserts every property of a valid assignment.
func check(t *testing.T, cfg judging.Config, entries []judging.Entry, a Assignment, k int) {
	t.Helper()
	judges := map[int64]judging.Judge{}
	for _, j := range cfg.Panel {
		judges[j.UserID] = j
	}
	if len(a.Reviews) != len(entries) {
		t.Fatalf("%d entries assigned, want %d", len(a.Reviews), len(entries))
	}
	for _, e := range entries {
		js := a.Reviews[e.ID]
		if len(js) != k {
			t.Fatalf("entry %d has %d judges, want %d", e.ID, len(js), k)
		}
		if !slices.IsSorted(js) || len(slices.Compact(slices.Clone(js))) != k {
			t.Fatalf("entry %d judges not sorted and distinct: %v", e.ID, js)
		}
		for _, j := range js {
			jd, ok := judges[j]
			if !ok {
				t.Fatalf("entry %d given to %d, not on the panel", e.ID, j)
			}
			if rule := judging.Recusal(cfg, jd, e); rule != "" {
				t.Fatalf("entry %d (unit %d) given to recused judge %d (unit %d): %s", e.ID, e.UnitID, j, jd.UnitID, rule)
			}
		}
	}
	loads := a.Loads(cfg.Panel)
	lo, hi := 1<<30, -1
	for _, l := range loads {
		lo, hi = min(lo, l), max(hi, l)
	}
	if hi-lo > 1 {
		t.Fatalf("loads %d to %d, more than one apart: %v", lo, hi, loads)
	}
}

func TestAssignTable(t *testing.T) {
	cases := []struct {
		name      string
		judgesPer []int
		docsPer   []int
		k         int
		conflicts [][2]int64 // judge, entry
		err       string     // field of the Invalid error, "" when it must succeed
	}{
		{"one judge one doc other unit", []int{0, 1}, []int{1}, 1, nil, ""},
		{"own unit only", []int{1}, []int{1}, 1, nil, "k"},
		{"k zero", []int{1, 1}, []int{1}, 0, nil, "k"},
		{"k above panel", []int{1, 1}, []int{0, 1}, 3, nil, "k"},
		{"no docs", []int{1, 1}, nil, 1, nil, "entries"},
		{"even spread", []int{2, 2, 2}, []int{10, 10, 10}, 2, nil, ""},
		{"uneven loads one apart", []int{1, 1, 1}, []int{2, 2, 3}, 2, nil, ""},
		{"k equals eligible", []int{3, 3}, []int{5, 5}, 3, nil, ""},
		{"k above eligible", []int{3, 2}, []int{5, 5}, 3, nil, "k"},
		{"docs only from unit without judges", []int{0, 2, 2}, []int{12}, 2, nil, ""},
		{"big unit crowds its judges out", []int{4, 1}, []int{40, 0}, 1, nil, "panel"},
		{"big unit, balanced by the rest", []int{2, 2, 2}, []int{20, 5, 5}, 2, nil, ""},
		{"declared conflict respected", []int{1, 1, 1}, []int{0, 0, 2}, 2, [][2]int64{{101, 1001}}, "k"},
		{"declared conflict routed round", []int{1, 1, 1}, []int{2, 2, 2}, 1, [][2]int64{{101, 1003}}, ""},
		{"one unit's judges idle", []int{1, 1, 1}, []int{0, 0, 4}, 1, nil, "panel"},
		{"many units one judge each", []int{1, 1, 1, 1, 1, 1, 1}, []int{3, 3, 3, 3, 3, 3, 3}, 3, nil, ""},
		{"greedy trap needs augmenting", []int{1, 1, 1}, []int{1, 1, 4}, 1, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, entries := world(tc.judgesPer, tc.docsPer)
			for _, c := range tc.conflicts {
				cfg.Conflicts = append(cfg.Conflicts, judging.Conflict{JudgeID: c[0], EntryID: c[1]})
			}
			for seed := uint64(0); seed < 20; seed++ {
				a, err := Assign(cfg, entries, tc.k, seed)
				if tc.err != "" {
					var fe *fault.Error
					if !errors.As(err, &fe) || fe.Code != fault.Invalid || fe.Fields[tc.err] == "" {
						t.Fatalf("seed %d: err %v, want Invalid on %q", seed, err, tc.err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				check(t, cfg, entries, a, tc.k)
			}
		})
	}
}

func TestAssignSeedDecides(t *testing.T) {
	cfg, entries := world([]int{3, 3, 3, 3}, []int{15, 10, 12, 8})
	a, err := Assign(cfg, entries, 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	// The input order must not matter, only the seed.
	rev := slices.Clone(entries)
	slices.Reverse(rev)
	cfg2 := cfg
	cfg2.Panel = slices.Clone(cfg.Panel)
	slices.Reverse(cfg2.Panel)
	b, err := Assign(cfg2, rev, 3, 42)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different assignment")
	}
	c, err := Assign(cfg, entries, 3, 43)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Reviews, c.Reviews) {
		t.Fatal("seeds 42 and 43 gave the same assignment: the seed does not decide")
	}
}

// TestAssignProperties runs many random worlds; whenever Assign succeeds
// the assignment must be valid, and whenever it fails on balance a brute
// check confirms that some unit's documents outnumber what the others can
// take.
func TestAssignProperties(t *testing.T) {
	g := rng(7)
	for round := 0; round < 300; round++ {
		units := 2 + int(g.below(5))
		jp, dp := make([]int, units), make([]int, units)
		for u := range jp {
			jp[u] = int(g.below(4))
			dp[u] = int(g.below(12))
		}
		cfg, entries := world(jp, dp)
		if len(entries) == 0 || len(cfg.Panel) == 0 {
			continue
		}
		k := 1 + int(g.below(3))
		a, err := Assign(cfg, entries, k, g.next())
		if err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) == 0 {
				t.Fatalf("round %d: failure is not a field-level Invalid: %v", round, err)
			}
			continue
		}
		check(t, cfg, entries, a, k)
	}
}

// TestAssignCrossUnitSpread: a judge's documents come from several other
// units, not one.
func TestAssignCrossUnitSpread(t *testing.T) {
	cfg, entries := world([]int{2, 2, 2, 2, 2}, []int{10, 10, 10, 10, 10})
	unit := map[int64]int64{}
	for _, e := range entries {
		unit[e.ID] = e.UnitID
	}
	for seed := uint64(0); seed < 30; seed++ {
		a, err := Assign(cfg, entries, 2, seed)
		if err != nil {
			t.Fatal(err)
		}
		per := map[int64]map[int64]int{}
		for eid, js := range a.Reviews {
			for _, j := range js {
				if per[j] == nil {
					per[j] = map[int64]int{}
				}
				per[j][unit[eid]]++
			}
		}
		// 10 documents each from 4 other units: 2 or 3 per unit is level.
		for j, m := range per {
			if len(m) != 4 {
				t.Fatalf("seed %d: judge %d sees %d of the 4 other units: %v", seed, j, len(m), m)
			}
			for u, n := range m {
				if n > 3 {
					t.Fatalf("seed %d: judge %d has %d documents of unit %d", seed, j, n, u)
				}
			}
		}
	}
}

func TestReassignMovesOnlyTheDroppedJudge(t *testing.T) {
	g := rng(11)
	for round := 0; round < 100; round++ {
		cfg, entries := world([]int{3, 3, 3, 2}, []int{8 + int(g.below(8)), 8, 6, 9})
		a, err := Assign(cfg, entries, 2, g.next())
		if err != nil {
			t.Fatal(err)
		}
		drop := cfg.Panel[int(g.below(uint64(len(cfg.Panel))))].UserID
		after := cfg
		after.Panel = slices.DeleteFunc(slices.Clone(cfg.Panel), func(j judging.Judge) bool { return j.UserID == drop })
		b, err := Reassign(after, entries, a, drop)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, e := range entries {
			old, now := a.Reviews[e.ID], b.Reviews[e.ID]
			if len(now) != 2 || slices.Contains(now, drop) {
				t.Fatalf("entry %d now %v", e.ID, now)
			}
			kept := slices.DeleteFunc(slices.Clone(old), func(j int64) bool { return j == drop })
			for _, j := range kept {
				if !slices.Contains(now, j) {
					t.Fatalf("round %d: entry %d lost judge %d who did not drop out", round, e.ID, j)
				}
			}
			if !slices.Contains(old, drop) && !slices.Equal(old, now) {
				t.Fatalf("round %d: entry %d moved though its judges stayed: %v → %v", round, e.ID, old, now)
			}
		}
		check(t, after, entries, b, 2) // the freed documents level the loads here
	}
}

func TestReassignErrors(t *testing.T) {
	cfg, entries := world([]int{1, 1, 1}, []int{1, 1, 1})
	a, err := Assign(cfg, entries, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Reassign(cfg, entries, a, 101); err == nil {
		t.Fatal("a judge still on the panel was accepted as dropped")
	}
	after := cfg
	after.Panel = cfg.Panel[1:] // each document already has the one judge left for it
	if _, err := Reassign(after, entries, a, 101); err == nil {
		t.Fatal("reassigned though only a recused judge is left")
	}
}

func BenchmarkAssign1000x60(b *testing.B) {
	units := make([]int, 20)
	docs := make([]int, 20)
	for u := range units {
		units[u] = 3
		docs[u] = 50
	}
	cfg, entries := world(units, docs)
	for i := 0; i < 30; i++ { // declared conflicts on top of the own-unit rule
		cfg.Conflicts = append(cfg.Conflicts, judging.Conflict{JudgeID: 101 + int64(i), EntryID: 1001 + int64(i*31)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Assign(cfg, entries, 3, uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}
