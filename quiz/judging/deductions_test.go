package judging

import "testing"

func TestDeductions(t *testing.T) {
	r := Rubric{Criteria: []Criterion{
		{Key: "content", Name: "内容", Max: 10, Step: 0.5},
		{Key: "legal", Name: "合法性", Max: 20, Cap: 10, Deductions: []Item{{Key: "a", Name: "立案不及时", Points: 3}, {Key: "b", Name: "告知不全", Points: 0.5}}},
		{Key: "form", Name: "规范性", Max: 5, Deductions: []Item{{Key: "a", Name: "文书无送达", Points: 2}}},
	}}
	cases := []struct {
		name                   string
		marks                  map[string]map[string]int
		legalOff, legalApplied float64
		legalCapped            bool
		formPoints             float64
		text                   string
	}{
		{name: "nothing marked", legalOff: 0, legalApplied: 0, formPoints: 5, text: ""},
		{name: "under the cap", marks: map[string]map[string]int{"legal": {"a": 1, "b": 3}}, legalOff: 4.5, legalApplied: 4.5, formPoints: 5, text: "立案不及时×1（−3）；告知不全×3（−1.5）"},
		{name: "past the cap stops at the cap", marks: map[string]map[string]int{"legal": {"a": 4}}, legalOff: 12, legalApplied: 10, legalCapped: true, formPoints: 5, text: "立案不及时×4（−12）；扣完为止：实扣10"},
		{name: "no cap: never below zero", marks: map[string]map[string]int{"form": {"a": 4}}, formPoints: 0, text: ""},
		{name: "zero marks are not listed", marks: map[string]map[string]int{"legal": {"a": 0}}, formPoints: 5, text: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Sheet{Scores: map[string]float64{"content": 8}, Marks: tc.marks}
			got := Deductions(r, s)
			if len(got) != 2 || got[0].Key != "legal" || got[1].Key != "form" {
				t.Fatalf("criteria %+v", got)
			}
			l, f := got[0], got[1]
			if l.Off != tc.legalOff || l.Applied != tc.legalApplied || l.Capped != tc.legalCapped || l.Points != 20-tc.legalApplied {
				t.Fatalf("legal %+v", l)
			}
			if f.Points != tc.formPoints || f.Points < 0 {
				t.Fatalf("form %+v", f)
			}
			if l.Text() != tc.text {
				t.Fatalf("text %q, want %q", l.Text(), tc.text)
			}
			// the same arithmetic as the sheet's score
			_, per := Score(r, s)
			if per["legal"].Points() != l.Points || per["form"].Points() != f.Points {
				t.Fatalf("Score says %v / %v", per["legal"].Points(), per["form"].Points())
			}
		})
	}
}
