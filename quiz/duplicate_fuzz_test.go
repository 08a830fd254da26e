package quiz

import (
	"math"
	"testing"
)

// symbolOnlyStems have no letter or digit, so they normalize to nothing.
var symbolOnlyStems = []string{"？？？", "\u200b\u200b\u200b", "（　　）", "", "————", "……", "【】", "\u3000"}

func TestDupIndexSymbolOnlyStems(t *testing.T) {
	for _, stem := range symbolOnlyStems {
		t.Run(stem, func(t *testing.T) {
			x := NewDupIndex()
			x.Prepare(stem, "著作权法第十条")
			x.Add(1, stem)
			x.Add(2, "著作权法第十条")
			x.Add(3, stem)
			got := x.Find(stem, DuplicateThreshold)
			if exactKey(stem, "") == "" {
				if len(got) != 0 {
					t.Fatalf("a stem with nothing visible matched %v", got)
				}
			} else if len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 || got[0].Similarity != 1 {
				t.Fatalf("a stem without letters matches only its twins: %v", got)
			}
			if got := x.Find("著作权法第十条", DuplicateThreshold); len(got) != 1 || got[0].ID != 2 {
				t.Fatalf("real stem: %v", got)
			}
			if s, want := Similarity(stem, stem), map[bool]float64{true: 0, false: 1}[exactKey(stem, "") == ""]; s != want {
				t.Fatalf("Similarity = %v, want %v", s, want)
			}
			if s := Similarity(stem, "著作权法第十条"); s != 0 {
				t.Fatalf("Similarity with a real stem = %v", s)
			}
		})
	}
}

// FuzzDupIndex checks that any stems index and look up without panicking,
// that a stem with letters always finds its identical twin, and that
// similarities stay in [0, 1] and are symmetric. Its corpus is in
// testdata/fuzz/FuzzDupIndex; run it with
// go test ./quiz -run '^$' -fuzz FuzzDupIndex -fuzztime 60s
func FuzzDupIndex(f *testing.F) {
	f.Add("一、判断题\n1. ？？？\n【答案】正确", "著作权法规定")
	f.Add("\u200b\u200b", "x")
	f.Add("（　　）", "（　　）")
	f.Add("a", "ab")
	f.Add("著作权法规定，著作权人享有的权利不包括（  ）。", "著作权法规定,著作权人享有的权利不包括( )")
	f.Fuzz(func(t *testing.T, a, b string) {
		x := NewDupIndex()
		x.Prepare(a)
		x.Add(1, a)
		x.Add(2, b)
		x.Add(3, a)
		for _, m := range x.Find(b, DuplicateThreshold) {
			if m.Similarity < DuplicateThreshold || m.Similarity > 1 {
				t.Fatalf("match %+v below the threshold", m)
			}
		}
		got := x.Find(a, DuplicateThreshold)
		if exactKey(a, normalizeStem(a)) != "" {
			found := map[int64]bool{}
			for _, m := range got {
				found[m.ID] = true
			}
			if !found[1] || !found[3] {
				t.Fatalf("%q does not find its twins: %v", a, got)
			}
		} else if len(got) != 0 {
			t.Fatalf("a stem with nothing visible matched %v", got)
		}
		for _, m := range got {
			if m.ID == 2 && normalizeStem(a) == "" && exactKey(b, normalizeStem(b)) != exactKey(a, "") {
				t.Fatalf("%q matched a different stem %q", a, b)
			}
		}
		s, r := Similarity(a, b), Similarity(b, a)
		if s < 0 || s > 1 || math.IsNaN(s) || s != r {
			t.Fatalf("Similarity(%q, %q) = %v, reverse %v", a, b, s, r)
		}
	})
}
