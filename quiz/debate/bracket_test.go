package debate

import (
	"reflect"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestBracket(t *testing.T) {
	ids := []int64{11, 12, 13, 14, 15, 16, 17, 18}
	b, err := Bracket(ids)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int
	for _, m := range b {
		got = append(got, [2]int{m.SeedA, m.SeedB})
	}
	if want := [][2]int{{1, 8}, {4, 5}, {2, 7}, {3, 6}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("8: %v", got)
	}
	b, _ = Bracket(ids[:6]) // 6 teams: seeds 1 and 2 get byes
	if b[0].B != 0 || b[0].A != 11 || b[2].B != 0 || b[2].A != 12 || b[1].SeedA != 4 || b[1].SeedB != 5 {
		t.Fatalf("6: %+v", b)
	}
	if _, err := Bracket(ids[:1]); !fault.Is(err, fault.Invalid) {
		t.Fatal("one team")
	}
	next, err := Advance(b, map[int]int64{1: 15, 3: 13})
	if err != nil {
		t.Fatal(err)
	}
	if next[0].A != 11 || next[0].B != 15 || next[1].A != 12 || next[1].B != 13 {
		t.Fatalf("advance: %+v", next)
	}
	final, _ := Advance(next, map[int]int64{0: 15, 1: 12})
	if len(final) != 1 || final[0].A != 12 || final[0].SeedA != 2 || final[0].B != 15 {
		t.Fatalf("final: %+v", final)
	}
	if _, err := Advance(next, map[int]int64{0: 99, 1: 12}); !fault.Is(err, fault.Invalid) {
		t.Fatal("unknown winner")
	}
	if _, err := Advance(final, nil); !fault.Is(err, fault.Conflict) {
		t.Fatal("after the final")
	}
}

// TestDrawNotes pins the explanations on a hand-made history.
func TestDrawNotes(t *testing.T) {
	teams := []Team{{ID: 1, UnitID: 1}, {ID: 2, UnitID: 2}, {ID: 3, UnitID: 3}, {ID: 4, UnitID: 4}, {ID: 5, UnitID: 5}}
	// round 1: 1 beat 2 (1 pro), 3 beat 4 (3 pro), 5 bye
	h := []Result{
		{Round: 1, Pro: 1, Con: 2, Winner: Pro, Votes: map[Side]int{Pro: 3}},
		{Round: 1, Pro: 3, Con: 4, Winner: Pro, Votes: map[Side]int{Pro: 2, Con: 1}},
		{Round: 1, Pro: 5, Bye: true},
	}
	d, err := MakeDraw(teams, h, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	// ranking: 1 (1 win, 3 ballots), 3 (1, 2), 5 (bye win, 0), 4 (0, 1), 2 (0, 0); the bye goes to 2 (lowest, no bye yet)
	if !reflect.DeepEqual(d.Order, []int64{1, 3, 5, 4, 2}) || d.Bye != 2 {
		t.Fatalf("order %v bye %d", d.Order, d.Bye)
	}
	// 1 v 3: both were 正方 in round 1, so both are due 反方: the one made 正方 is named; 5 v 4: 4 was 反方, so 4 is 正方, pulled up
	if len(d.Pairings) != 2 {
		t.Fatalf("%+v", d.Pairings)
	}
	p := d.Pairings[0]
	if !(p.Pro == 1 && p.Con == 3 || p.Pro == 3 && p.Con == 1) || len(p.Notes) != 1 || p.Notes[0].Code != NoteSideSwapped || p.Notes[0].Team != p.Pro {
		t.Fatalf("1v3: %+v", p)
	}
	q := d.Pairings[1]
	if q.Pro != 4 || q.Con != 5 || len(q.Notes) != 1 || q.Notes[0].Code != NotePulledUp || q.Notes[0].Team != 4 {
		t.Fatalf("5v2: %+v", q)
	}
	// round 3 where 1's nearest opponent is a rematch
	h = append(h, Result{Round: 2, Pro: 1, Con: 3, Winner: Pro, Votes: map[Side]int{Pro: 3}},
		Result{Round: 2, Pro: 4, Con: 5, Winner: Con, Votes: map[Side]int{Con: 3}}, Result{Round: 2, Pro: 2, Bye: true})
	// ranking now 1 (2 wins), 5 (2 wins), 3, 2 (bye win), 4; 1 v 5 fine
	d, _ = MakeDraw(teams, h, 3, 1)
	for _, p := range d.Pairings {
		if (p.Pro == 1 || p.Con == 1) && (p.Pro == 3 || p.Con == 3) {
			t.Fatal("rematch 1v3")
		}
	}
	// 3 (1 win) is next to 5? 3 met 1 and 4; after 1v5, 3's nearest is 2: fine; drop 5 to force 1's skip
	teams[4].Withdrawn = true // 5 withdraws: 1's nearest is 3, met in round 2
	d, _ = MakeDraw(teams, h, 3, 1)
	found := false
	for _, p := range d.Pairings {
		for _, n := range p.Notes {
			if n.Code == NoteAvoidRematch && n.Team == 1 && n.Other == 3 && n.Round == 2 {
				found = true
			}
		}
		if (p.Pro == 1 || p.Con == 1) && (p.Pro == 3 || p.Con == 3) {
			t.Fatal("rematch 1v3 after the withdrawal")
		}
	}
	if !found || d.Bye == 5 {
		t.Fatalf("avoided rematch not explained: %+v bye %d", d.Pairings, d.Bye)
	}
	// same unit unavoidable: two teams of one unit
	d, _ = MakeDraw([]Team{{ID: 1, UnitID: 9}, {ID: 2, UnitID: 9}}, nil, 1, 5)
	if len(d.Pairings) != 1 || d.Pairings[0].Notes[0].Code != NoteSameUnit {
		t.Fatalf("same unit: %+v", d.Pairings)
	}
	// a rematch nobody can avoid
	d, _ = MakeDraw([]Team{{ID: 1}, {ID: 2}}, []Result{{Round: 1, Pro: 1, Con: 2, Winner: Pro}}, 2, 5)
	if n := d.Pairings[0].Notes; d.Pairings[0].Pro != 2 || len(n) != 2 || n[0].Code != NotePulledUp || n[1].Code != NoteRematch || n[1].Round != 1 {
		t.Fatalf("rematch: %+v", d.Pairings)
	}
	if _, err := MakeDraw([]Team{{ID: 1}, {ID: 1}, {ID: 2}}, nil, 1, 1); !fault.Is(err, fault.Invalid) {
		t.Fatal("duplicate ids")
	}
	if _, err := MakeDraw([]Team{{ID: 1}, {ID: 2, Withdrawn: true}}, nil, 1, 1); !fault.Is(err, fault.Conflict) {
		t.Fatal("one active team")
	}
}

// TestSearchBudget: when the ranked search runs out of budget it says so,
// and the most-constrained-first fallback still finds a legal pairing.
func TestSearchBudget(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5, 6}
	// only a perfect matching 1–6, 2–5, 3–4 plus a few decoys is allowed
	allowed := map[[2]int64]bool{{1, 6}: true, {2, 5}: true, {3, 4}: true, {1, 2}: true, {3, 5}: true}
	ok := func(a, b int64) bool { return allowed[[2]int64{min(a, b), max(a, b)}] }
	g := newGraph(ids, ok, nil)
	if p, hit := search(g, 0); p != nil || !hit {
		t.Fatalf("budget 0: %v %v", p, hit)
	}
	p := searchConstrained(g, 1000)
	if len(p) != 3 {
		t.Fatalf("fallback: %v", p)
	}
	for _, pr := range p {
		if !ok(ids[pr[0]], ids[pr[1]]) {
			t.Fatalf("illegal pair %v", pr)
		}
	}
	if p, hit := search(g, 1000); len(p) != 3 || hit {
		t.Fatalf("full budget: %v %v", p, hit)
	}
	none := newGraph(ids, func(a, b int64) bool { return false }, nil)
	if p, hit := search(none, 1000); p != nil || hit || searchConstrained(none, 1000) != nil {
		t.Fatal("nothing allowed")
	}
}
