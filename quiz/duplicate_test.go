package quiz

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b    string
		atLeast float64
		below   float64
	}{
		{"著作权法规定，著作权人享有的权利不包括（  ）。", "著作权法规定,著作权人享有的权利不包括( )", 1, 1.01},
		{"著作权法规定，著作权人享有的权利不包括（  ）。", "著作权法规定，著作权人享有的权利包括（  ）。", 0.8, 1},
		{"ABC网吧", "abc网吧", 1, 1.01},
		{"著作权法规定，著作权人享有的权利不包括（  ）。", "娱乐场所不得设在居民楼内。", 0, 0.1},
		{"", "x", 0, 0.01},
		{"？？", "！！", 0, 0.01},
	}
	for _, tt := range tests {
		s := Similarity(tt.a, tt.b)
		if s < tt.atLeast || s >= tt.below {
			t.Errorf("Similarity(%q, %q) = %.2f, want in [%.2f, %.2f)", tt.a, tt.b, s, tt.atLeast, tt.below)
		}
	}
}

func TestDupIndex(t *testing.T) {
	x := NewDupIndex()
	x.Add(1, "著作权法规定，著作权人享有的权利不包括（  ）。")
	x.Add(2, "娱乐场所不得设在居民楼、博物馆、图书馆内。")
	x.Add(3, "著作权法规定，著作权人享有的权利包括（  ）。")
	got := x.Find("著作权法规定：著作权人享有的权利不包括（ ）", DuplicateThreshold)
	var ids []int64
	for _, m := range got {
		ids = append(ids, m.ID)
	}
	if !reflect.DeepEqual(ids, []int64{1, 3}) || got[0].Similarity != 1 {
		t.Errorf("Find = %+v", got)
	}
	if got := x.Find("行政处罚的种类", DuplicateThreshold); len(got) != 0 {
		t.Errorf("unrelated stem matched %+v", got)
	}
	if got := x.Find("", DuplicateThreshold); got != nil {
		t.Errorf("empty stem matched %+v", got)
	}
}

func TestPickFrom(t *testing.T) {
	tests := []struct {
		name  string
		pool  []int64
		taken map[int64]bool
		n     int
		perm  []int
		want  []int64
		// conflicts are leak pairs (both directions, as LeakConflicts gives)
		conflicts map[int64][]int64
	}{
		{"in perm order", []int64{10, 20, 30, 40}, map[int64]bool{}, 2, []int{3, 1, 0, 2}, []int64{40, 20}, nil},
		{"skips taken", []int64{10, 20, 30}, map[int64]bool{30: true}, 2, []int{2, 0, 1}, []int64{10, 20}, nil},
		{"short pool", []int64{10}, map[int64]bool{}, 3, []int{0}, []int64{10}, nil},
		{"empty", nil, map[int64]bool{}, 1, nil, []int64{}, nil},
		{"skips the partner of a pick", []int64{10, 20, 30}, map[int64]bool{}, 2, []int{0, 1, 2}, []int64{10, 30},
			map[int64][]int64{10: {20}, 20: {10}}},
		{"skips the partner of a fixed item", []int64{10, 20, 30}, map[int64]bool{99: true}, 2, []int{0, 1, 2}, []int64{20, 30},
			map[int64][]int64{10: {99}, 99: {10}}},
		{"a partner not taken does not block", []int64{10, 20}, map[int64]bool{}, 2, []int{0, 1}, []int64{10, 20},
			map[int64][]int64{10: {77}, 77: {10}}},
		{"short when only partners remain", []int64{10, 20}, map[int64]bool{}, 2, []int{1, 0}, []int64{20},
			map[int64][]int64{10: {20}, 20: {10}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pickFrom(tt.pool, tt.taken, tt.n, tt.perm, tt.conflicts)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pickFrom = %v, want %v", got, tt.want)
			}
			for _, id := range got {
				if !tt.taken[id] {
					t.Errorf("%d not marked taken", id)
				}
			}
		})
	}
}

func TestDrawRuleProblem(t *testing.T) {
	tests := []struct {
		r    DrawRule
		want string
	}{
		{DrawRule{Count: 5, Type: TypeSingle, Points: 2}, ""},
		{DrawRule{Count: 0}, "count must be between 1 and 500"},
		{DrawRule{Count: 501}, "count must be between 1 and 500"},
		{DrawRule{Count: 1, Type: "essay"}, "is not a question type"},
		{DrawRule{Count: 1, Domain: "sports"}, "is not a known domain"},
		{DrawRule{Count: 1, MinDifficulty: 6}, "difficulty must be between 1 and 5"},
		{DrawRule{Count: 1, MinDifficulty: 4, MaxDifficulty: 2}, "minimum difficulty is above the maximum"},
		{DrawRule{Count: 1, Points: -1}, "points must be between 0 and 100"},
	}
	for _, tt := range tests {
		if got := tt.r.problem(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestDupIndexTemplateHeavy(t *testing.T) {
	// 3000 stems from one template: lookups stay bounded and still find
	// the identical stem and a near duplicate.
	x := NewDupIndex()
	var stems []string
	for i := 0; i < 3000; i++ {
		stems = append(stems, fmt.Sprintf("第%d题：根据著作权法的规定，下列关于著作权保护期的说法正确的是", i))
	}
	x.Prepare(stems...)
	for i, s := range stems {
		x.Add(int64(i+1), s)
	}
	got := x.Find("第1234题：根据著作权法的规定，下列关于著作权保护期的说法正确的是", DuplicateThreshold)
	if len(got) == 0 || got[0].ID != 1235 || got[0].Similarity != 1 {
		t.Fatalf("identical stem not first: %+v", got[:min(3, len(got))])
	}
	if len(got) < 2 {
		t.Errorf("no near duplicates among template stems")
	}
}

func TestPartialPerm(t *testing.T) {
	s := NewService(nil, nil, 3)
	for _, tt := range []struct{ size, k, want int }{{10, 3, 3}, {5, 5, 5}, {5, 9, 5}, {0, 2, 0}, {100000, 100, 100}} {
		got := s.partialPerm(tt.size, tt.k)
		seen := map[int]bool{}
		for _, i := range got {
			if i < 0 || i >= tt.size || seen[i] {
				t.Fatalf("partialPerm(%d, %d) = %v", tt.size, tt.k, got)
			}
			seen[i] = true
		}
		if len(got) != tt.want {
			t.Errorf("partialPerm(%d, %d) has %d", tt.size, tt.k, len(got))
		}
	}
	// every index is reachable as the first pick
	first := map[int]bool{}
	for i := 0; i < 2000; i++ {
		first[s.partialPerm(8, 1)[0]] = true
	}
	if len(first) != 8 {
		t.Errorf("first picks cover %d of 8", len(first))
	}
}
