package judging

import (
	"strconv"
	"strings"
)

// Deducted is what the marked items of one deduction criterion took off a
// sheet: Off is the sum of the marks, Applied what counted (at most the
// cap, never below zero: 扣完为止), Points what the criterion kept before
// its weight.
type Deducted struct {
	Key     string      `json:"key"`
	Name    string      `json:"name"`
	Marks   []ItemMarks `json:"marks"`
	Off     float64     `json:"off"`
	Applied float64     `json:"applied"`
	Capped  bool        `json:"capped,omitempty"` // the marks went past the cap
	Points  float64     `json:"points"`
}

// ItemMarks is one deduction item a judge marked, with how many times.
type ItemMarks struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Times  int     `json:"times"`
	Points float64 `json:"points"` // taken off per mark
}

// Deductions lists, per deduction criterion of the rubric, what a sheet's
// marks took off; the same arithmetic as Score.
func Deductions(r Rubric, s Sheet) []Deducted {
	var out []Deducted
	for _, cr := range r.Criteria {
		if len(cr.Deductions) == 0 {
			continue
		}
		d := Deducted{Key: cr.Key, Name: cr.Name, Marks: []ItemMarks{}}
		var off Micro
		for _, it := range cr.Deductions {
			n := s.Marks[cr.Key][it.Key]
			if n <= 0 {
				continue
			}
			off += ToMicro(it.Points) * Micro(n)
			d.Marks = append(d.Marks, ItemMarks{Key: it.Key, Name: it.Name, Times: n, Points: it.Points})
		}
		limit := ToMicro(cr.Max)
		if cr.Cap > 0 {
			limit = ToMicro(cr.Cap)
		}
		applied := min(off, limit)
		d.Off, d.Applied, d.Capped, d.Points = off.Points(), applied.Points(), off > limit, (ToMicro(cr.Max) - applied).Points()
		out = append(out, d)
	}
	return out
}

// Text is a deduction criterion's marks as one line for a
// printout or a workbook: "着装不整×2（−1）；迟到×1（−0.5）" and the cap when
// it held the total back.
func (d Deducted) Text() string {
	parts := make([]string, 0, len(d.Marks))
	for _, m := range d.Marks {
		parts = append(parts, m.Name+"×"+strconv.Itoa(m.Times)+"（−"+fmtPts(m.Points*float64(m.Times))+"）")
	}
	s := strings.Join(parts, "；")
	if d.Capped {
		s += "；扣完为止：实扣" + fmtPts(d.Applied)
	}
	return s
}

func fmtPts(v float64) string { return strconv.FormatFloat(ToMicro(v).Points(), 'f', -1, 64) }
